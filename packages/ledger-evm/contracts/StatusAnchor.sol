// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title StatusAnchor
/// @notice Append-only anchors of status list publications: per status list URI, the SHA-256 digest of each
///         published status list token, its version (strictly increasing) and its publication time.
///         Holds no personal data.
contract StatusAnchor {
    /// @notice One anchored publication of a status list.
    struct Anchor {
        bytes32 digest;
        uint64 version;
        uint64 time;
    }

    /// @notice The account that manages writers (the deployer).
    address public immutable owner;

    /// @notice Block number of deployment: no `Anchored` log is older.
    uint256 public immutable deployedAt;

    /// @notice Accounts allowed to anchor.
    mapping(address => bool) public isWriter;

    mapping(bytes32 => Anchor[]) private anchors;

    event Anchored(bytes32 indexed uriHash, string uri, uint64 version, bytes32 digest, uint64 time, uint256 position);
    event WriterAdded(address indexed writer);
    event WriterRemoved(address indexed writer);

    error NotOwner(address caller);
    error NotWriter(address caller);
    error EmptyUri();
    error ZeroAddress();
    error VersionNotIncreasing(uint64 latest);
    error IndexOutOfRange(uint256 index, uint256 count);

    constructor() {
        owner = msg.sender;
        deployedAt = block.number;
        isWriter[msg.sender] = true;
        emit WriterAdded(msg.sender);
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    /// @notice Allow `writer` to anchor.
    function addWriter(address writer) external onlyOwner {
        if (writer == address(0)) revert ZeroAddress();
        if (!isWriter[writer]) {
            isWriter[writer] = true;
            emit WriterAdded(writer);
        }
    }

    /// @notice Stop `writer` from anchoring.
    function removeWriter(address writer) external onlyOwner {
        if (isWriter[writer]) {
            isWriter[writer] = false;
            emit WriterRemoved(writer);
        }
    }

    /// @notice Append a publication of the status list `uri`; `version` must exceed the latest one.
    function anchor(string calldata uri, uint64 version, bytes32 digest, uint64 time) external {
        if (!isWriter[msg.sender]) revert NotWriter(msg.sender);
        if (bytes(uri).length == 0) revert EmptyUri();
        bytes32 uriHash = keccak256(bytes(uri));
        Anchor[] storage list = anchors[uriHash];
        uint256 n = list.length;
        if (n > 0) {
            uint64 last = list[n - 1].version;
            if (version <= last) revert VersionNotIncreasing(last);
        } else if (version == 0) {
            revert VersionNotIncreasing(0);
        }
        list.push(Anchor(digest, version, time));
        emit Anchored(uriHash, uri, version, digest, time, n);
    }

    /// @notice How many publications of `uri` are anchored.
    function count(string calldata uri) external view returns (uint256) {
        return anchors[keccak256(bytes(uri))].length;
    }

    /// @notice The publication of `uri` at position `i` (0 = oldest).
    function at(string calldata uri, uint256 i) external view returns (Anchor memory) {
        Anchor[] storage list = anchors[keccak256(bytes(uri))];
        if (i >= list.length) revert IndexOutOfRange(i, list.length);
        return list[i];
    }

    /// @notice The newest publication of `uri`; all zero (version 0) when none is anchored.
    function latest(string calldata uri) external view returns (Anchor memory) {
        Anchor[] storage list = anchors[keccak256(bytes(uri))];
        if (list.length == 0) return Anchor(bytes32(0), 0, 0);
        return list[list.length - 1];
    }
}

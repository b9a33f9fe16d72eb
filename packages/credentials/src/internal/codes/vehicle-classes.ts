/** The national driving licence vehicle classes (准驾车型代号), in the order licences list them. */
export const VEHICLE_CLASS_CODES = [
  'A1', 'A2', 'A3', 'B1', 'B2', 'C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'D', 'E', 'F', 'M', 'N', 'P',
] as const;

/**
 * A national vehicle class code (准驾车型代号).
 *
 * @example
 * ```ts
 * const small: VehicleClass = 'C1'
 * ```
 */
export type VehicleClass = (typeof VEHICLE_CLASS_CODES)[number];

/** Code → position in {@link VEHICLE_CLASS_CODES}. */
export const VEHICLE_CLASS_ORDER: ReadonlyMap<string, number> = new Map(VEHICLE_CLASS_CODES.map((c, i) => [c, i]));

package app.provisioning.mapping;

/**
 * One pair of a mapping: which Entra attribute fills which field of the record, as what
 * type.
 */
public record FieldMapping(EntraAttribute source, String field, FieldType fieldType) {

}

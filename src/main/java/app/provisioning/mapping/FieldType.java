package app.provisioning.mapping;

/** Types of the fields of People and User Configuration records. */
public enum FieldType {

	TEXT, EMAIL, PHONE, DATE, BOOLEAN, REFERENCE

}

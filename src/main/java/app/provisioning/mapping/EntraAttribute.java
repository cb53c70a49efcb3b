package app.provisioning.mapping;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every Entra user attribute an administrator can map (the seeds' list, DESIGN.md "Field
 * map"), with where Entra's provisioning puts it in SCIM and the field type it fits. The
 * SCIM homes follow Entra's default attribute mappings for custom SCIM apps; attributes
 * without a standard home travel in our extension
 * {@code urn:ietf:params:scim:schemas:extension:entra:2.0:User}.
 */
public enum EntraAttribute {

	ACCOUNT_ENABLED("Account enabled", "active", FieldType.BOOLEAN),
	AGE_GROUP("Age group", Paths.ENTRA + "ageGroup", FieldType.TEXT),
	BUSINESS_PHONE("Business phone", "phoneNumbers[type eq \"work\"].value", FieldType.PHONE),
	CITY("City", "addresses[type eq \"work\"].locality", FieldType.TEXT),
	COMPANY_NAME("Company name", Paths.ENTRA + "companyName", FieldType.TEXT),
	COUNTRY("Country", "addresses[type eq \"work\"].country", FieldType.TEXT),
	DEPARTMENT("Department", Paths.ENTERPRISE + "department", FieldType.TEXT),
	DISPLAY_NAME("Display name", "displayName", FieldType.TEXT),
	EMAIL("Email", "emails[type eq \"work\"].value", FieldType.EMAIL),
	EMPLOYEE_HIRE_DATE("Employee hire date", Paths.ENTRA + "employeeHireDate", FieldType.DATE),
	EMPLOYEE_ID("Employee ID", Paths.ENTERPRISE + "employeeNumber", FieldType.TEXT),
	COST_CENTER("Employee org data: cost center", Paths.ENTERPRISE + "costCenter", FieldType.TEXT),
	DIVISION("Employee org data: division", Paths.ENTERPRISE + "division", FieldType.TEXT),
	EMPLOYEE_TYPE("Employee type", Paths.ENTRA + "employeeType", FieldType.TEXT),
	EXTERNAL_USER_STATE("External user state", Paths.ENTRA + "externalUserState", FieldType.TEXT),
	EXTERNAL_USER_STATE_CHANGED("External user state change time", Paths.ENTRA + "externalUserStateChangeDateTime",
			FieldType.DATE),
	FAX("Fax", "phoneNumbers[type eq \"fax\"].value", FieldType.PHONE),
	FIRST_NAME("First name", "name.givenName", FieldType.TEXT), JOB_TITLE("Job title", "title", FieldType.TEXT),
	LAST_NAME("Last name", "name.familyName", FieldType.TEXT),
	MAIL_NICKNAME("Mail nickname", Paths.ENTRA + "mailNickname", FieldType.TEXT),
	MOBILE_PHONE("Mobile phone", "phoneNumbers[type eq \"mobile\"].value", FieldType.PHONE),
	OBJECT_ID("Object ID", Paths.ENTRA + "objectId", FieldType.TEXT),
	OFFICE_LOCATION("Office location", Paths.ENTRA + "officeLocation", FieldType.TEXT),
	OTHER_EMAILS("Other emails", Paths.ENTRA + "otherMails", FieldType.TEXT),
	PREFERRED_LANGUAGE("Preferred language", "preferredLanguage", FieldType.TEXT),
	STATE("State", "addresses[type eq \"work\"].region", FieldType.TEXT),
	STREET_ADDRESS("Street address", "addresses[type eq \"work\"].streetAddress", FieldType.TEXT),
	USAGE_LOCATION("Usage location", Paths.ENTRA + "usageLocation", FieldType.TEXT),
	USER_PRINCIPAL_NAME("User principal name", "userName", FieldType.TEXT),
	USER_TYPE("User type", "userType", FieldType.TEXT),
	POSTAL_CODE("Postal code", "addresses[type eq \"work\"].postalCode", FieldType.TEXT),
	MANAGER("Manager", Paths.ENTERPRISE + "manager.value", FieldType.REFERENCE);

	private final String label;

	private final String scimPath;

	private final FieldType type;

	EntraAttribute(String label, String scimPath, FieldType type) {
		this.label = label;
		this.scimPath = scimPath;
		this.type = type;
	}

	/** The name administrators know from the Azure portal and the seeds. */
	public String label() {
		return this.label;
	}

	public String scimPath() {
		return this.scimPath;
	}

	public FieldType type() {
		return this.type;
	}

	/** By SCIM path (as Entra's attribute mapping shows it) or label, ignoring case. */
	public static Optional<EntraAttribute> find(String pathOrLabel) {
		String wanted = pathOrLabel.trim().toLowerCase(Locale.ROOT);
		return Arrays.stream(values())
			.filter((attribute) -> attribute.scimPath.toLowerCase(Locale.ROOT).equals(wanted)
					|| attribute.label.toLowerCase(Locale.ROOT).equals(wanted))
			.findFirst();
	}

	private static final class Paths {

		static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:";

		static final String ENTRA = "urn:ietf:params:scim:schemas:extension:entra:2.0:User:";

	}

}

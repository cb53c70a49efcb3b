package app.provisioning.scim.schema;

import java.util.List;

import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Mutability;
import com.unboundid.scim2.common.types.AttributeDefinition.Returned;
import com.unboundid.scim2.common.types.AttributeDefinition.Type;
import com.unboundid.scim2.common.types.AttributeDefinition.Uniqueness;
import com.unboundid.scim2.common.types.SchemaResource;

/**
 * The custom extension for Entra user attributes with no standard SCIM home (DESIGN.md,
 * "Field map"). Everything else Entra sends maps to core User or the enterprise
 * extension: business phone, mobile and fax to {@code phoneNumbers},
 * city/state/street/postal code/ country to {@code addresses}, department, cost center,
 * division and employee ID to the enterprise extension, and so on.
 */
final class EntraUserExtension {

	private EntraUserExtension() {
	}

	static SchemaResource schema() {
		List<AttributeDefinition> attributes = List.of(
				text("ageGroup", "Entra ageGroup: Minor, NotAdult or Adult (absent when Entra has no value)."),
				text("companyName", "Entra companyName: the company the user is associated with."),
				dateTime("employeeHireDate", "Entra employeeHireDate: the date the user was hired or will start work."),
				dateTime("employeeLeaveDateTime", "Entra employeeLeaveDateTime: the date the user left or will leave."),
				text("employeeType", "Entra employeeType, e.g. Employee, Contractor, Consultant, Vendor."),
				text("externalUserState", "Entra externalUserState for guests: PendingAcceptance or Accepted."),
				dateTime("externalUserStateChangeDateTime", "When Entra externalUserState last changed."),
				text("mailNickname", "Entra mailNickname: the mail alias of the user."),
				text("officeLocation", "Entra officeLocation: the office where the user works."),
				text("usageLocation", "Entra usageLocation: two-letter country code (ISO 3166)."),
				text("objectId", "Entra object ID of the user (immutable GUID)."),
				multiText("otherMails", "Entra otherMails: additional email addresses of the user."));
		return new SchemaResource(ScimSchemaUrns.ENTRA_USER, "EntraUser",
				"Microsoft Entra ID user attributes that have no home in the SCIM core or enterprise schemas",
				attributes);
	}

	private static AttributeDefinition text(String name, String description) {
		return builder(name, description, Type.STRING).build();
	}

	private static AttributeDefinition multiText(String name, String description) {
		return builder(name, description, Type.STRING).setMultiValued(true).build();
	}

	private static AttributeDefinition dateTime(String name, String description) {
		return builder(name, description, Type.DATETIME).build();
	}

	private static AttributeDefinition.Builder builder(String name, String description, Type type) {
		return new AttributeDefinition.Builder().setName(name)
			.setDescription(description)
			.setType(type)
			.setCaseExact(false)
			.setMutability(Mutability.READ_WRITE)
			.setReturned(Returned.DEFAULT)
			.setUniqueness(Uniqueness.NONE);
	}

}

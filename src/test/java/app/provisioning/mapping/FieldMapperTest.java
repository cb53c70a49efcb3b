package app.provisioning.mapping;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;

import app.provisioning.platform.Problem;
import app.provisioning.support.ScimClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every mappable Entra attribute, read from a user shaped as Entra provisions it. */
class FieldMapperTest {

	/** A user as Entra's default mappings send it, with every seeds attribute filled. */
	private static final ObjectNode ADELE = (ObjectNode) ScimClient
		.json("""
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
				 "externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","userName":"AdeleV@contoso.onmicrosoft.com","active":true,
				 "displayName":"Adele Vance","title":"Retail Manager","preferredLanguage":"en-US","userType":"Member",
				 "emails":[{"primary":false,"type":"home","value":"adele@home.example"},
				           {"primary":true,"type":"work","value":"AdeleV@contoso.com"}],
				 "name":{"formatted":"Adele Vance","familyName":"Vance","givenName":"Adele"},
				 "addresses":[{"type":"work","streetAddress":"205 108th Ave NE","locality":"Bellevue","region":"WA",
				               "postalCode":"98004","country":"US"}],
				 "phoneNumbers":[{"type":"work","value":"+1 425 555 0109"},{"type":"mobile","value":"+1 425 555 0110"},
				                 {"type":"fax","value":"+1 425 555 0111"}],
				 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"E12345","department":"Retail",
				   "costCenter":"CC-7","division":"Stores","manager":{"value":"5d48a0a8-e9f0-4aa3-8008-111111111111"}},
				 "urn:ietf:params:scim:schemas:extension:entra:2.0:User":{"ageGroup":"Adult","companyName":"Contoso",
				   "employeeHireDate":"2021-03-01T08:00:00Z","employeeType":"Employee","externalUserState":"Accepted",
				   "externalUserStateChangeDateTime":"2021-02-20T10:00:00Z","mailNickname":"AdeleV",
				   "objectId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","officeLocation":"18/2111","usageLocation":"US",
				   "otherMails":["adele@fabrikam.example","av@contoso.example"]}}
				""");

	static Stream<Arguments> everyAttribute() {
		return Stream.of(Arguments.of(EntraAttribute.ACCOUNT_ENABLED, FieldType.BOOLEAN, true),
				Arguments.of(EntraAttribute.AGE_GROUP, FieldType.TEXT, "Adult"),
				Arguments.of(EntraAttribute.BUSINESS_PHONE, FieldType.PHONE, "+1 425 555 0109"),
				Arguments.of(EntraAttribute.CITY, FieldType.TEXT, "Bellevue"),
				Arguments.of(EntraAttribute.COMPANY_NAME, FieldType.TEXT, "Contoso"),
				Arguments.of(EntraAttribute.COUNTRY, FieldType.TEXT, "US"),
				Arguments.of(EntraAttribute.DEPARTMENT, FieldType.TEXT, "Retail"),
				Arguments.of(EntraAttribute.DISPLAY_NAME, FieldType.TEXT, "Adele Vance"),
				Arguments.of(EntraAttribute.EMAIL, FieldType.EMAIL, "AdeleV@contoso.com"),
				Arguments.of(EntraAttribute.EMPLOYEE_HIRE_DATE, FieldType.DATE, "2021-03-01T08:00:00Z"),
				Arguments.of(EntraAttribute.EMPLOYEE_ID, FieldType.TEXT, "E12345"),
				Arguments.of(EntraAttribute.COST_CENTER, FieldType.TEXT, "CC-7"),
				Arguments.of(EntraAttribute.DIVISION, FieldType.TEXT, "Stores"),
				Arguments.of(EntraAttribute.EMPLOYEE_TYPE, FieldType.TEXT, "Employee"),
				Arguments.of(EntraAttribute.EXTERNAL_USER_STATE, FieldType.TEXT, "Accepted"),
				Arguments.of(EntraAttribute.EXTERNAL_USER_STATE_CHANGED, FieldType.DATE, "2021-02-20T10:00:00Z"),
				Arguments.of(EntraAttribute.FAX, FieldType.PHONE, "+1 425 555 0111"),
				Arguments.of(EntraAttribute.FIRST_NAME, FieldType.TEXT, "Adele"),
				Arguments.of(EntraAttribute.JOB_TITLE, FieldType.TEXT, "Retail Manager"),
				Arguments.of(EntraAttribute.LAST_NAME, FieldType.TEXT, "Vance"),
				Arguments.of(EntraAttribute.MAIL_NICKNAME, FieldType.TEXT, "AdeleV"),
				Arguments.of(EntraAttribute.MOBILE_PHONE, FieldType.PHONE, "+1 425 555 0110"),
				Arguments.of(EntraAttribute.OBJECT_ID, FieldType.TEXT, "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"),
				Arguments.of(EntraAttribute.OFFICE_LOCATION, FieldType.TEXT, "18/2111"),
				Arguments.of(EntraAttribute.OTHER_EMAILS, FieldType.TEXT, "adele@fabrikam.example; av@contoso.example"),
				Arguments.of(EntraAttribute.PREFERRED_LANGUAGE, FieldType.TEXT, "en-US"),
				Arguments.of(EntraAttribute.STATE, FieldType.TEXT, "WA"),
				Arguments.of(EntraAttribute.STREET_ADDRESS, FieldType.TEXT, "205 108th Ave NE"),
				Arguments.of(EntraAttribute.USAGE_LOCATION, FieldType.TEXT, "US"),
				Arguments.of(EntraAttribute.USER_PRINCIPAL_NAME, FieldType.TEXT, "AdeleV@contoso.onmicrosoft.com"),
				Arguments.of(EntraAttribute.USER_TYPE, FieldType.TEXT, "Member"),
				Arguments.of(EntraAttribute.POSTAL_CODE, FieldType.TEXT, "98004"),
				Arguments.of(EntraAttribute.MANAGER, FieldType.REFERENCE, "5d48a0a8-e9f0-4aa3-8008-111111111111"));
	}

	@ParameterizedTest(name = "{0} → {2}")
	@MethodSource("everyAttribute")
	void everyEntraAttributeMapsToItsFieldValue(EntraAttribute attribute, FieldType type, Object expected) {
		MappedRecord record = FieldMapper.map(ADELE, List.of(new FieldMapping(attribute, "target", type)),
				UniqueIdentifier.USER_PRINCIPAL_NAME);
		assertThat(record.problems()).isEmpty();
		assertThat(record.fields().get("target")).isEqualTo(expected);
		assertThat(MappingValidator.validate(List.of(new FieldMapping(attribute, "target", type)),
				UniqueIdentifier.USER_PRINCIPAL_NAME))
			.isEmpty();
	}

	@Test
	void theTableCoversEveryAttribute() {
		assertThat(everyAttribute().map((arguments) -> arguments.get()[0]))
			.containsExactlyInAnyOrderElementsOf(Arrays.asList(EntraAttribute.values()));
	}

	@Test
	void missingValuesMapToNullWithoutProblems() {
		ObjectNode sparse = (ObjectNode) ScimClient.json("{\"userName\":\"sparse@contoso.com\",\"active\":false}");
		MappedRecord record = FieldMapper.map(sparse,
				List.of(new FieldMapping(EntraAttribute.MOBILE_PHONE, "mobile", FieldType.PHONE),
						new FieldMapping(EntraAttribute.ACCOUNT_ENABLED, "enabled", FieldType.BOOLEAN)),
				UniqueIdentifier.USER_PRINCIPAL_NAME);
		assertThat(record.problems()).isEmpty();
		assertThat(record.fields()).containsEntry("mobile", null).containsEntry("enabled", false);
		assertThat(record.uniqueIdentifier()).isEqualTo("sparse@contoso.com");
	}

	@Test
	void uniqueIdentifiersComeFromUpnObjectIdOrPrimaryEmail() {
		assertThat(FieldMapper.map(ADELE, List.of(), UniqueIdentifier.OBJECT_ID).uniqueIdentifier())
			.isEqualTo("0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef");
		assertThat(FieldMapper.map(ADELE, List.of(), UniqueIdentifier.PRIMARY_EMAIL).uniqueIdentifier())
			.isEqualTo("AdeleV@contoso.com");
		MappedRecord blank = FieldMapper.map((ObjectNode) ScimClient.json("{\"userName\":\"x@contoso.com\"}"),
				List.of(), UniqueIdentifier.OBJECT_ID);
		assertThat(blank.uniqueIdentifier()).isNull();
		assertThat(blank.problems()).singleElement().asString().contains("object id").contains("blank");
	}

	@Test
	void valueOfTheWrongShapeIsAMappingProblemNotAnException() {
		ObjectNode odd = (ObjectNode) ScimClient.json("{\"userName\":\"not-an-address\"}");
		MappedRecord record = FieldMapper.map(odd,
				List.of(new FieldMapping(EntraAttribute.USER_PRINCIPAL_NAME, "email", FieldType.EMAIL)),
				UniqueIdentifier.USER_PRINCIPAL_NAME);
		assertThat(record.fields().get("email")).isNull();
		assertThat(record.problems()).singleElement().asString().contains("email").contains("not an email address");
	}

	@Test
	void invalidMappingsAreRefusedWithErrorsAnAdministratorCanActOn() {
		List<Problem> errors = MappingValidator
			.validate(List.of(new FieldMapping(EntraAttribute.DISPLAY_NAME, "Name", FieldType.TEXT),
					new FieldMapping(EntraAttribute.FIRST_NAME, "name", FieldType.TEXT),
					new FieldMapping(EntraAttribute.JOB_TITLE, "Hired", FieldType.DATE),
					new FieldMapping(EntraAttribute.ACCOUNT_ENABLED, "Phone", FieldType.PHONE),
					new FieldMapping(null, "Mystery", FieldType.TEXT)), null);
		assertThat(errors).anyMatch((e) -> e.detail().contains("unique identifier"))
			.anyMatch((e) -> e.detail().contains("'name' is filled by more than one attribute"))
			.anyMatch((e) -> e.detail().contains("Job title is a text and cannot fill the date field 'Hired'"))
			.anyMatch(
					(e) -> e.detail().contains("Account enabled is a boolean and cannot fill the phone field 'Phone'"))
			.anyMatch((e) -> e.detail().contains("'Mystery': unknown Entra attribute"));
		assertThat(errors).extracting(Problem::pointer)
			.as("each problem points at the member to fix")
			.containsExactly("/uniqueIdentifier", "/fields/1/field", "/fields/2/type", "/fields/3/type",
					"/fields/4/attribute");
		assertThat(EntraAttribute.find("phoneNumbers[type eq \"mobile\"].value")).contains(EntraAttribute.MOBILE_PHONE);
		assertThat(EntraAttribute.find("job title")).contains(EntraAttribute.JOB_TITLE);
	}

}

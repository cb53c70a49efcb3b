package app.provisioning.reconcile.graph;

import java.util.EnumSet;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import app.provisioning.mapping.EntraAttribute;
import app.provisioning.mapping.FieldMapper;
import app.provisioning.mapping.FieldMapping;
import app.provisioning.mapping.MappedRecord;
import app.provisioning.mapping.UniqueIdentifier;
import app.provisioning.support.ScimClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user pulled from Graph must become the same record as the same user pushed by Entra:
 * for every mappable attribute, the field map reads the same value from both.
 */
class GraphUserDocumentTest {

	/** Adele as Entra's provisioning pushes her (default attribute mappings). */
	private static final ObjectNode PUSHED = (ObjectNode) ScimClient
		.json("""
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
				 "externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","userName":"AdeleV@contoso.onmicrosoft.com","active":true,
				 "displayName":"Adele Vance","title":"Retail Manager","preferredLanguage":"en-US","userType":"Member",
				 "emails":[{"primary":true,"type":"work","value":"AdeleV@contoso.com"}],
				 "name":{"familyName":"Vance","givenName":"Adele"},
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

	/** Adele as Microsoft Graph v1.0 returns her. */
	private static final JsonNode GRAPH = ScimClient.json("""
			{"id":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","userPrincipalName":"AdeleV@contoso.onmicrosoft.com",
			 "accountEnabled":true,"displayName":"Adele Vance","givenName":"Adele","surname":"Vance",
			 "jobTitle":"Retail Manager","preferredLanguage":"en-US","userType":"Member","mail":"AdeleV@contoso.com",
			 "mailNickname":"AdeleV","businessPhones":["+1 425 555 0109"],"mobilePhone":"+1 425 555 0110",
			 "faxNumber":"+1 425 555 0111","streetAddress":"205 108th Ave NE","city":"Bellevue","state":"WA",
			 "postalCode":"98004","country":"US","department":"Retail","employeeId":"E12345",
			 "employeeOrgData":{"costCenter":"CC-7","division":"Stores"},"companyName":"Contoso","ageGroup":"Adult",
			 "employeeHireDate":"2021-03-01T08:00:00Z","employeeType":"Employee","externalUserState":"Accepted",
			 "externalUserStateChangeDateTime":"2021-02-20T10:00:00Z","officeLocation":"18/2111","usageLocation":"US",
			 "otherMails":["adele@fabrikam.example","av@contoso.example"],
			 "manager":{"@odata.type":"#microsoft.graph.user","id":"5d48a0a8-e9f0-4aa3-8008-111111111111"}}
			""");

	@ParameterizedTest
	@EnumSource(EntraAttribute.class)
	void pulledAndPushedUsersMapToTheSameValue(EntraAttribute attribute) {
		List<FieldMapping> fields = List.of(new FieldMapping(attribute, "field", attribute.type()));
		MappedRecord pushed = FieldMapper.map(PUSHED, fields, UniqueIdentifier.USER_PRINCIPAL_NAME);
		MappedRecord pulled = FieldMapper.map(GraphUserDocument.toScim(GRAPH), fields,
				UniqueIdentifier.USER_PRINCIPAL_NAME);
		assertThat(pushed.fields().get("field")).as(attribute.label()).isNotNull();
		assertThat(pulled.fields()).isEqualTo(pushed.fields());
		assertThat(pulled.problems()).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(UniqueIdentifier.class)
	void uniqueIdentifiersMatchThoseOfThePushedUser(UniqueIdentifier identifier) {
		MappedRecord pushed = FieldMapper.map(PUSHED, List.of(), identifier);
		MappedRecord pulled = FieldMapper.map(GraphUserDocument.toScim(GRAPH), List.of(), identifier);
		assertThat(pulled.uniqueIdentifier()).isEqualTo(pushed.uniqueIdentifier()).isNotBlank();
	}

	@Test
	void selectsOnlyWhatTheMapsReadAndWhatMatchingNeeds() {
		GraphUserDocument.Selection selection = GraphUserDocument
			.selection(EnumSet.of(EntraAttribute.DEPARTMENT, EntraAttribute.COST_CENTER));
		assertThat(selection.select().split(",")).containsExactlyInAnyOrder("id", "userPrincipalName", "mail",
				"accountEnabled", "mailNickname", "department", "employeeOrgData");
		assertThat(selection.query()).doesNotContain("$expand");
		assertThat(GraphUserDocument.selection(EnumSet.of(EntraAttribute.MANAGER)).query())
			.endsWith("&$expand=manager($select=id)");
	}

	@Test
	void aDisabledGraphUserIsAnInactiveScimUser() {
		ObjectNode disabled = GraphUserDocument.toScim(ScimClient.json("""
				{"id":"1","userPrincipalName":"x@contoso.com","accountEnabled":false}"""));
		assertThat(disabled.path("active").asBoolean(true)).isFalse();
		assertThat(disabled.has("emails")).isFalse();
	}

}

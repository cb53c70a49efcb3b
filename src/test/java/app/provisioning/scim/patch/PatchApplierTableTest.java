package app.provisioning.scim.patch;

import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ScimException;

import app.provisioning.scim.schema.ScimSchemas;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * PATCH (RFC 7644 §3.5.2) applied to a user's document, without Spring or a database:
 * each row is a starting document, the operations as a client sends them, and the
 * document that must result; refused rows name the error's scimType. Entra's shapes and
 * the leniencies of {@link PatchApplier} sit beside the plain RFC cases. JSON's quotes
 * are written as single quotes, and a filter's quotes as {@code ~}.
 */
class PatchApplierTableTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String BASE = "{'userName':'alex@contoso.com','active':true,'displayName':'Alex',"
			+ "'emails':[{'type':'work','value':'alex@contoso.com','primary':true}]}";

	private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	static Stream<Arguments> applied() {
		return Stream.of(
				row("replace a simple attribute", BASE, "[{'op':'replace','path':'displayName','value':'Alex W'}]",
						"displayName", "'Alex W'"),
				row("Entra's active as a string", BASE, "[{'op':'Replace','path':'active','value':'False'}]", "active",
						"false"),
				row("add a sub-attribute", BASE, "[{'op':'add','path':'name.givenName','value':'Alex'}]", "name",
						"{'givenName':'Alex'}"),
				row("replace through a value filter", BASE,
						"[{'op':'replace','path':'emails[type eq ~work~].value','value':'a.w@contoso.com'}]", "emails",
						"[{'type':'work','value':'a.w@contoso.com','primary':true}]"),
				row("a filter that matches nothing creates the element", BASE,
						"[{'op':'add','path':'phoneNumbers[type eq ~mobile~].value','value':'+1 555 0100'}]",
						"phoneNumbers", "[{'type':'mobile','value':'+1 555 0100'}]"),
				row("path-less value with dotted keys", BASE,
						"[{'op':'replace','value':{'name.familyName':'Wilber','displayName':'A. Wilber'}}]", "name",
						"{'familyName':'Wilber'}"),
				row("the enterprise manager by its URN path", BASE,
						"[{'op':'add','path':'" + ENTERPRISE
								+ ":manager','value':'26118915-6090-4610-87e4-49d8ca9f808d'}]",
						ENTERPRISE, "{'manager':{'value':'26118915-6090-4610-87e4-49d8ca9f808d'}}"),
				row("remove an attribute", BASE, "[{'op':'remove','path':'displayName'}]", "displayName", null),
				row("an empty value clears", BASE, "[{'op':'replace','path':'displayName','value':''}]", "displayName",
						null),
				row("no value at all clears too", BASE, "[{'op':'replace','path':'displayName'}]", "displayName", null),
				row("an attribute no schema defines is ignored", BASE,
						"[{'op':'add','path':'favouriteColour','value':'green'}]", "favouriteColour", null),
				row("attribute names are case-insensitive", BASE,
						"[{'op':'replace','path':'DisplayName','value':'AW'}]", "displayName", "'AW'"));
	}

	static Stream<Arguments> refused() {
		return Stream.of(
				row("removing a required attribute", BASE, "[{'op':'remove','path':'userName'}]", "scimType",
						"'invalidValue'"),
				row("a path that does not parse", BASE, "[{'op':'replace','path':'emails[type eq','value':'x'}]",
						"scimType", "'invalidPath'"),
				row("an unknown op", BASE, "[{'op':'merge','path':'displayName','value':'x'}]", "scimType",
						"'invalidSyntax'"),
				row("remove with no path", BASE, "[{'op':'remove'}]", "scimType", "'noTarget'"));
	}

	private static Arguments row(String name, String start, String operations, String field, String expected) {
		return Arguments.of(name, start, operations, field, expected);
	}

	private static JsonNode json(String singleQuoted) throws Exception {
		return JSON.readTree(singleQuoted.replace('\'', '"'));
	}

	private static List<PatchOperation> operations(String operations) throws Exception {
		ObjectNode body = JSON.createObjectNode();
		body.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:PatchOp");
		body.set("Operations", JSON.readTree(operations.replace('\'', '"').replace("~", "\\\"")));
		return PatchRequestReader.read(body, 100);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("applied")
	void applied(String name, String start, String operations, String field, String expected) throws Exception {
		ObjectNode result = PatchApplier.apply(ScimSchemas.USER, (ObjectNode) json(start), operations(operations))
			.document();
		if (expected == null) {
			assertThat(result.has(field)).as(result.toString()).isFalse();
		}
		else {
			assertThat(result.get(field)).as(result.toString()).isEqualTo(json(expected));
		}
		assertThat(result.get("userName").asText()).isEqualTo("alex@contoso.com");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refused")
	void refused(String name, String start, String operations, String field, String scimType) throws Exception {
		assertThatExceptionOfType(ScimException.class)
			.isThrownBy(() -> PatchApplier.apply(ScimSchemas.USER, (ObjectNode) json(start), operations(operations)))
			.satisfies((ex) -> assertThat(ex.getScimError().getScimType()).as(ex.getMessage())
				.isEqualTo(scimType.replace("'", "")));
	}

}

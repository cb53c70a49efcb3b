package app.provisioning.mapping;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Field maps and permission levels through the administration API, and the preview. */
class FieldMapsApiTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private static final String PEOPLE_MAP = """
			{"name":"People from Entra","target":"people","uniqueIdentifier":"user_principal_name",
			 "organisationalUnit":"Head office","userRole":"Employee",
			 "fields":[{"attribute":"userName","field":"Login"},
			           {"attribute":"phoneNumbers[type eq \\"mobile\\"].value","field":"Mobile"},
			           {"attribute":"Department","field":"Department"},
			           {"attribute":"active","field":"Active"},
			           {"attribute":"emails[type eq \\"work\\"].value","field":"Email","type":"email"}]}
			""";

	private ScimResponse post(String path, String body) {
		return admin().send("POST", path, body, JSON);
	}

	@Test
	void permissionLevelsAreOrderedUniqueAndScopedToTheirAccount() {
		ScimClient scim = newTenant();
		String base = "/accounts/" + scim.accountId() + "/permission-levels";
		assertThat(post(base, "{\"name\":\"Viewer\",\"rank\":10}").status()).isEqualTo(201);
		assertThat(post(base, "{\"name\":\"Administrator\",\"rank\":30}").status()).isEqualTo(201);
		ScimResponse manager = post(base, "{\"name\":\"Manager\",\"rank\":20}");
		java.util.List<String> names = new java.util.ArrayList<>();
		admin().get(base).body().forEach((level) -> names.add(level.get("name").asText()));
		assertThat(names).as("highest rank first").containsExactly("Administrator", "Manager", "Viewer");
		assertThat(post(base, "{\"name\":\"viewer\",\"rank\":5}").status()).isEqualTo(409);
		ScimResponse sameRank = post(base, "{\"name\":\"Auditor\",\"rank\":10}");
		assertThat(sameRank.status()).isEqualTo(409);
		assertThat(sameRank.body().get("detail").asText()).contains("Rank 10");
		assertThat(post(base, "{\"name\":\"No rank\"}").status()).isEqualTo(400);
		ScimResponse renamed = admin().send("PATCH", base + "/" + manager.id(), "{\"name\":\"Team lead\"}", JSON);
		assertThat(renamed.body().get("name").asText()).isEqualTo("Team lead");
		assertThat(renamed.body().get("rank").asInt()).isEqualTo(20);
		ScimClient other = newTenant();
		assertThat(admin().delete("/accounts/" + other.accountId() + "/permission-levels/" + manager.id()).status())
			.isEqualTo(404);
		assertThat(admin().delete(base + "/" + manager.id()).status()).isEqualTo(204);
	}

	@Test
	void fieldMapIsSavedAndReadBackWithItsPairs() {
		ScimClient scim = newTenant();
		ScimResponse created = post("/accounts/" + scim.accountId() + "/mappings", PEOPLE_MAP);
		assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
		JsonNode read = admin().get("/accounts/" + scim.accountId() + "/mappings/" + created.id()).body();
		assertThat(read.get("target").asText()).isEqualTo("PEOPLE");
		assertThat(read.get("organisationalUnit").asText()).isEqualTo("Head office");
		assertThat(read.get("fields")).hasSize(5);
		assertThat(read.at("/fields/1/attribute").asText()).isEqualTo("MOBILE_PHONE");
		assertThat(read.at("/fields/1/type").asText()).isEqualTo("PHONE");
		assertThat(read.at("/fields/4/type").asText()).isEqualTo("EMAIL");
		assertThat(post("/accounts/" + scim.accountId() + "/mappings", PEOPLE_MAP).status()).as("name taken")
			.isEqualTo(409);
		assertThat(admin().get("/entra-attributes").body()).hasSize(EntraAttribute.values().length);
	}

	@Test
	void mapWithRecordsCannotBeRemovedAndSaysWhyWhileAMapWithoutRecordsCan() {
		ScimClient scim = newTenant();
		String path = "/accounts/" + scim.accountId() + "/mappings/";
		String used = post("/accounts/" + scim.accountId() + "/mappings", PEOPLE_MAP).id();
		assertThat(scim.post("/Users", userBody("kept@contoso.com")).status()).isEqualTo(201);
		ScimResponse refused = admin().delete(path + used);
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.body().get("detail").asText()).contains("has made 1 record(s)")
			.contains("change its fields");
		assertThat(admin().get(path + used).status()).isEqualTo(200);
		String unused = post("/accounts/" + scim.accountId() + "/mappings",
				PEOPLE_MAP.replace("People from Entra", "Spare map"))
			.id();
		assertThat(admin().delete(path + unused).status()).isEqualTo(204);
		assertThat(admin().get(path + unused).status()).isEqualTo(404);
	}

	@Test
	void invalidFieldMapIsRefusedListingEveryProblem() {
		ScimClient scim = newTenant();
		ScimResponse refused = post("/accounts/" + scim.accountId() + "/mappings", """
				{"name":"Logins","target":"user_configuration","userRole":"x",
				 "fields":[{"attribute":"shoeSize","field":"Shoe"},
				           {"attribute":"title","field":"Hired","type":"date"},
				           {"attribute":"displayName","field":"Name"},{"attribute":"title","field":"name"}]}
				""");
		assertThat(refused.status()).isEqualTo(400);
		String detail = refused.body().get("detail").asText();
		assertThat(detail).contains("Unknown Entra attribute 'shoeSize'");
		ScimResponse second = post("/accounts/" + scim.accountId() + "/mappings", """
				{"name":"Logins","target":"user_configuration","userRole":"x",
				 "fields":[{"attribute":"title","field":"Hired","type":"date"},
				           {"attribute":"displayName","field":"Name"},{"attribute":"title","field":"name"}]}
				""");
		String problems = second.body().get("detail").asText();
		assertThat(problems).contains("unique identifier")
			.contains("Job title is a text and cannot fill the date field 'Hired'")
			.contains("'name' is filled by more than one attribute")
			.contains("People mappings only")
			.contains("must fill the field 'loginName'");
		assertThat(second.errorPointers()).as("each problem points at the member to fix")
			.containsExactly("/uniqueIdentifier", "/fields/0/type", "/fields/2/field", "/userRole", "/fields",
					"/fields");
		assertThat(second.errorDetails()).contains("Job title is a text and cannot fill the date field 'Hired'",
				"Field 'name' is filled by more than one attribute");
		assertThat(admin().get("/accounts/" + scim.accountId() + "/mappings").body()).isEmpty();
	}

	@Test
	void twoBadFieldsOfAMapAreBothAnsweredAtOnce() {
		ScimClient scim = newTenant();
		ScimResponse refused = post("/accounts/" + scim.accountId() + "/mappings", """
				{"name":"People","target":"staff","uniqueIdentifier":"user_principal_name",
				 "fields":[{"attribute":"userName","field":"Login"},{"attribute":"shoeSize","field":"Shoe"}]}
				""");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.errorPointers()).containsExactly("/target", "/fields/1/attribute");
		assertThat(refused.errorDetails().get(0)).startsWith("target 'staff' is not one of");
		assertThat(refused.errorDetails().get(1)).startsWith("Unknown Entra attribute 'shoeSize'");
		assertThat(refused.body().get("detail").asText()).startsWith("The field map is not valid: target 'staff'")
			.contains("; Unknown Entra attribute 'shoeSize'");
	}

	@Test
	void previewShowsWhatProvisionedUsersWouldBecomeAndWritesNothing() {
		ScimClient scim = newTenant();
		scim.post("/Users", """
				{"userName":"adele@contoso.com","active":true,"emails":[{"type":"work","value":"adele@contoso.com"}],
				 "phoneNumbers":[{"type":"mobile","value":"+1 425 555 0110"}],
				 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Retail"}}""");
		String second = scim.post("/Users", "{\"userName\":\"bob@contoso.com\",\"active\":false}").id();
		String mapId = post("/accounts/" + scim.accountId() + "/mappings", PEOPLE_MAP).id();
		String versionBefore = scim.get("/Users/" + second).header("ETag");
		ScimResponse preview = admin()
			.get("/accounts/" + scim.accountId() + "/mappings/" + mapId + "/preview?count=10");
		assertThat(preview.status()).isEqualTo(200);
		assertThat(preview.body().get("totalUsers").asInt()).isEqualTo(2);
		JsonNode adele = preview.body().at("/rows/0/record");
		assertThat(adele.get("uniqueIdentifier").asText()).isEqualTo("adele@contoso.com");
		assertThat(adele.at("/fields/Mobile").asText()).isEqualTo("+1 425 555 0110");
		assertThat(adele.at("/fields/Department").asText()).isEqualTo("Retail");
		assertThat(adele.at("/fields/Active").asBoolean()).isTrue();
		assertThat(adele.get("problems")).isEmpty();
		JsonNode bob = preview.body().at("/rows/1/record");
		assertThat(bob.at("/fields/Active").asBoolean()).isFalse();
		assertThat(bob.at("/fields/Email").isNull()).isTrue();
		assertThat(scim.get("/Users/" + second).header("ETag")).isEqualTo(versionBefore);
		ScimClient other = newTenant();
		assertThat(admin().get("/accounts/" + other.accountId() + "/mappings/" + mapId + "/preview").status())
			.as("another account's map is not found")
			.isEqualTo(404);
	}

	@Test
	void previewFlagsIdentifiersThatWouldCollide() {
		ScimClient scim = newTenant();
		scim.post("/Users", "{\"userName\":\"one@contoso.com\",\"externalId\":\"same-object\"}");
		scim.post("/Users", "{\"userName\":\"two@contoso.com\",\"externalId\":\"SAME-object\"}");
		scim.post("/Users", "{\"userName\":\"three@contoso.com\"}");
		String mapId = post("/accounts/" + scim.accountId() + "/mappings", """
				{"name":"By object id","target":"people","uniqueIdentifier":"object_id",
				 "fields":[{"attribute":"userName","field":"Login"}]}""").id();
		JsonNode rows = admin().get("/accounts/" + scim.accountId() + "/mappings/" + mapId + "/preview")
			.body()
			.get("rows");
		assertThat(rows.get(0).at("/record/problems")).isEmpty();
		assertThat(rows.get(1).at("/record/problems/0").asText()).containsIgnoringCase("same-object")
			.contains("only one record");
		assertThat(rows.get(2).at("/record/problems/0").asText()).contains("blank");
		assertThat(admin().get("/accounts/" + UUID.randomUUID() + "/mappings").status()).isEqualTo(404);
	}

}

package app.provisioning.scim;

import java.util.Map;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static app.provisioning.support.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

class UserProvisioningTest extends ScimIntegrationTest {

	@Test
	void createReturns201WithServerIdMetaAndScimContentType() {
		ScimClient scim = newTenant();
		ScimResponse created = scim.post("/Users", userBody("alice@contoso.com"));
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.contentType()).isEqualTo("application/scim+json");
		assertThat(created.id()).isNotBlank();
		assertThat(created.header("Location")).endsWith("/scim/v2/Users/" + created.id());
		assertThat(created.header("ETag")).isEqualTo(created.body().at("/meta/version").asText());
		assertThat(created.body().at("/meta/resourceType").asText()).isEqualTo("User");
		assertThat(created.body().at("/meta/location").asText()).isEqualTo(created.header("Location"));
		assertThat(created.body().get("active").asBoolean()).isTrue();
	}

	@Test
	void getByIdReturnsWhatWasProvisioned() {
		ScimClient scim = newTenant();
		String id = scim.post("/Users", userBody("bob@contoso.com")).id();
		ScimResponse read = scim.get("/Users/" + id);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.body().get("userName").asText()).isEqualTo("bob@contoso.com");
		assertThat(read.body().at("/emails/0/value").asText()).isEqualTo("bob@contoso.com");
	}

	@Test
	void unknownOrMalformedIdIs404WithScimError() {
		ScimClient scim = newTenant();
		for (String id : new String[] { "5171a35d82074e068ce2", "00000000-0000-0000-0000-000000000000", "%20" }) {
			ScimResponse response = scim.get("/Users/" + id);
			assertThat(response.status()).as(id).isEqualTo(404);
			assertThat(response.body().get("status").asText()).isEqualTo("404");
			assertThat(response.body().at("/schemas/0").asText())
				.isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
		}
	}

	@Test
	void duplicateUserNameIgnoringCaseIs409Uniqueness() {
		ScimClient scim = newTenant();
		scim.post("/Users", userBody("Carol@Contoso.com"));
		ScimResponse duplicate = scim.post("/Users", userBody("carol@contoso.COM"));
		assertThat(duplicate.status()).isEqualTo(409);
		assertThat(duplicate.body().get("scimType").asText()).isEqualTo("uniqueness");
		assertThat(duplicate.body().get("detail").asText()).contains("carol@contoso.COM");
	}

	@Test
	void filterByUserNameMatchesIgnoringCaseAndMissIsEmptyList() {
		ScimClient scim = newTenant();
		String id = scim.post("/Users", userBody("Dave@Contoso.com")).id();
		ScimResponse hit = scim.get("/Users?filter=" + q("userName eq \"dave@contoso.com\""));
		assertThat(hit.body().get("totalResults").asInt()).isEqualTo(1);
		assertThat(hit.body().at("/Resources/0/id").asText()).isEqualTo(id);
		ScimResponse miss = scim.get("/Users?filter=" + q("userName eq \"7d420df3-9995-4831-a406-ecf8166f5f6a\""));
		assertThat(miss.status()).isEqualTo(200);
		assertThat(miss.body().get("totalResults").asInt()).isZero();
		assertThat(miss.body().get("Resources")).isEmpty();
	}

	@Test
	void deletedUserDisappearsAndUserNameCanBeProvisionedAgain() {
		ScimClient scim = newTenant();
		String id = scim.post("/Users", userBody("erin@contoso.com")).id();
		assertThat(scim.delete("/Users/" + id).status()).isEqualTo(204);
		assertThat(scim.get("/Users/" + id).status()).isEqualTo(404);
		assertThat(
				scim.get("/Users?filter=" + q("userName eq \"erin@contoso.com\"")).body().get("totalResults").asInt())
			.isZero();
		assertThat(scim.delete("/Users/" + id).status()).isEqualTo(404);
		ScimResponse again = scim.post("/Users", userBody("erin@contoso.com"));
		assertThat(again.status()).isEqualTo(201);
		assertThat(again.id()).isNotEqualTo(id);
		Integer kept = this.jdbcTemplate.queryForObject(
				"select count(*) from scim_user where id = ?::uuid and deleted_at is not null", Integer.class, id);
		assertThat(kept).as("the deleted row is kept for the People and login records").isEqualTo(1);
		assertThat(scim.post("/Users", userBody("ERIN@contoso.com")).status())
			.as("a live userName stays unique, whatever its case")
			.isEqualTo(409);
		assertThat(scim.delete("/Users/" + again.id()).status()).isEqualTo(204);
		ScimResponse third = scim.post("/Users", userBody("erin@contoso.com"));
		assertThat(third.status()).as("two deleted rows of one userName do not collide").isEqualTo(201);
		assertThat(scim.get("/Users?filter=" + q("userName eq \"Erin@Contoso.com\"")).body().get("Resources"))
			.extracting((user) -> user.get("id").asText())
			.containsExactly(third.id());
	}

	@Test
	void missingTokenAndWrongTokenAre401InScimForm() {
		ScimClient scim = newTenant();
		ScimResponse none = scim.send("GET", "/Users?filter=" + q("userName eq \"x\""), null,
				Map.of("Authorization", ""));
		assertThat(none.status()).isEqualTo(401);
		assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(none.contentType()).isEqualTo("application/scim+json");
		assertThat(none.body().get("status").asText()).isEqualTo("401");
		ScimResponse wrong = scim.withToken("not-a-token").get("/Users");
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(wrong.body().get("detail").asText()).contains("not a secret token");
	}

}

package app.provisioning.account;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.provisioning.support.FakeEntra;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens Entra issues itself when the Secret Token field is left blank. */
class EntraJwtTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private String connectedTenant() {
		String tenant = UUID.randomUUID().toString();
		ScimResponse created = admin().send("POST", "/accounts",
				"{\"name\":\"JWT " + tenant + "\",\"entraTenantId\":\"" + tenant + "\",\"acceptEntraTokens\":true}",
				JSON);
		assertThat(created.status()).isEqualTo(201);
		return tenant;
	}

	private ScimResponse call(String jwt) {
		return new ScimClient(scimBaseUrl(), jwt, null).get("/Users?filter=" + ScimClient.q("userName eq \"probe\""));
	}

	@Test
	void validEntraTokenActsForTheAccountOfItsTenant() {
		String tenant = connectedTenant();
		String jwt = FakeEntra.sign(FakeEntra.claims(tenant).build());
		ScimClient scim = new ScimClient(scimBaseUrl(), jwt, null);
		assertThat(scim.post("/Users", userBody("jwt-user@contoso.com")).status()).isEqualTo(201);
		assertThat(scim.get("/Users").body().get("totalResults").asInt()).isEqualTo(1);
		String otherTenant = connectedTenant();
		ScimClient other = new ScimClient(scimBaseUrl(), FakeEntra.sign(FakeEntra.claims(otherTenant).build()), null);
		assertThat(other.get("/Users").body().get("totalResults").asInt()).as("another tenant's token sees nothing")
			.isZero();
	}

	@Test
	void entraTokensAreRefusedUntilTheAccountOptsIn() {
		String tenant = UUID.randomUUID().toString();
		ScimResponse created = admin().send("POST", "/accounts",
				"{\"name\":\"Opt-in " + tenant + "\",\"entraTenantId\":\"" + tenant + "\"}", JSON);
		assertThat(created.body().get("acceptEntraTokens").asBoolean()).isFalse();
		String jwt = FakeEntra.sign(FakeEntra.claims(tenant).build());
		ScimResponse refused = call(jwt);
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.body().get("detail").asText()).contains("not enabled");
		admin().send("PATCH", "/accounts/" + created.id(), "{\"acceptEntraTokens\":true}", JSON);
		assertThat(call(jwt).status()).isEqualTo(200);
	}

	@Test
	void tokenOfATenantNoAccountOwnsIs401() {
		ScimResponse response = call(FakeEntra.sign(FakeEntra.claims(UUID.randomUUID().toString()).build()));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.body().get("detail").asText()).contains("No account is connected");
	}

	@Test
	void wrongIssuerWrongAudienceExpiredAndForeignSignatureAre401() {
		String tenant = connectedTenant();
		var wrongIssuer = FakeEntra.claims(tenant).issuer("https://evil.example/" + tenant + "/").build();
		var otherTenantIssuer = FakeEntra.claims(tenant)
			.issuer("https://sts.windows.net/" + UUID.randomUUID() + "/")
			.build();
		var wrongAudience = FakeEntra.claims(tenant).audience(List.of("api://something-else")).build();
		var expired = FakeEntra.claims(tenant)
			.issueTime(Date.from(Instant.now().minusSeconds(7200)))
			.notBeforeTime(Date.from(Instant.now().minusSeconds(7200)))
			.expirationTime(Date.from(Instant.now().minusSeconds(600)))
			.build();
		var notYet = FakeEntra.claims(tenant).notBeforeTime(Date.from(Instant.now().plusSeconds(600))).build();
		assertRefused(FakeEntra.sign(wrongIssuer), "issuer");
		assertRefused(FakeEntra.sign(otherTenantIssuer), "tid");
		assertRefused(FakeEntra.sign(wrongAudience), "audience");
		assertRefused(FakeEntra.sign(expired), "expired");
		assertRefused(FakeEntra.sign(notYet), "");
		assertRefused(FakeEntra.signWithForeignKey(FakeEntra.claims(tenant).build()), "");
		assertThat(call(FakeEntra.sign(FakeEntra.claims(tenant).build())).status()).isEqualTo(200);
	}

	private void assertRefused(String jwt, String detailMentions) {
		ScimResponse response = call(jwt);
		assertThat(response.status()).as(response.rawBody()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.contentType()).isEqualTo("application/scim+json");
		assertThat(response.body().get("detail").asText()).containsIgnoringCase(detailMentions);
	}

}

package app.provisioning.account.oauth;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import com.zaxxer.hikari.HikariDataSource;

import app.provisioning.ProvisioningApplication;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Entra's OAuth 2.0 client-credentials connection: token endpoint, client ID and secret.
 */
class OAuthClientCredentialsTest extends ScimIntegrationTest {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	@Autowired
	private AccessTokens accessTokens;

	@Autowired
	private OAuthClients oauthClients;

	@Autowired
	private HikariDataSource dataSource;

	private record Client(String accountId, String id, String clientId, String secret) {
	}

	private record TokenResponse(int status, String cacheControl, String retryAfter, String wwwAuthenticate,
			JsonNode body) {

		String accessToken() {
			return this.body.get("access_token").asText();
		}

	}

	private Client newClient() {
		ScimClient tenant = newTenant();
		ScimResponse issued = admin().send("POST", "/accounts/" + tenant.accountId() + "/oauth-clients",
				"{\"label\":\"Entra\"}", JSON);
		assertThat(issued.status()).as(issued.rawBody()).isEqualTo(201);
		return new Client(tenant.accountId().toString(), issued.id(), issued.body().get("clientId").asText(),
				issued.body().get("clientSecret").asText());
	}

	private TokenResponse requestToken(String form, String basicAuthorization) throws Exception {
		return requestToken(this.port, form, basicAuthorization);
	}

	private static TokenResponse requestToken(int port, String form, String basicAuthorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		if (basicAuthorization != null) {
			request.header("Authorization", basicAuthorization);
		}
		HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		return new TokenResponse(response.statusCode(), response.headers().firstValue("Cache-Control").orElse(null),
				response.headers().firstValue("Retry-After").orElse(null),
				response.headers().firstValue("WWW-Authenticate").orElse(null), ScimClient.json(response.body()));
	}

	/**
	 * Exactly what Entra sends: a form body with grant type, client ID and client secret.
	 */
	private TokenResponse entraTokenRequest(Client client) throws Exception {
		return requestToken(form("client_credentials", client.clientId(), client.secret()), null);
	}

	private static String form(String grantType, String clientId, String secret) {
		return "grant_type=" + grantType + "&client_id=" + enc(clientId) + "&client_secret=" + enc(secret);
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private ScimClient scimWith(String accessToken) {
		return new ScimClient(scimBaseUrl(), accessToken, null);
	}

	@Test
	void entraObtainsATokenWithFormCredentialsAndProvisionsWithIt() throws Exception {
		Client client = newClient();
		TokenResponse token = entraTokenRequest(client);
		assertThat(token.status()).isEqualTo(200);
		assertThat(token.cacheControl()).contains("no-store");
		assertThat(token.body().get("token_type").asText()).isEqualTo("Bearer");
		assertThat(token.body().get("expires_in").asLong()).isEqualTo(3600);
		ScimClient scim = scimWith(token.accessToken());
		assertThat(scim.post("/Users", userBody("oauth@contoso.com")).status()).isEqualTo(201);
		assertThat(scim.get("/Users").body().get("totalResults").asInt()).isEqualTo(1);
		JsonNode listed = admin().get("/accounts/" + client.accountId() + "/oauth-clients").body().get(0);
		assertThat(listed.get("clientSecret").isNull()).isTrue();
		assertThat(listed.get("lastUsedAt").isNull()).isFalse();
	}

	@Test
	void basicClientAuthenticationWorksToo() throws Exception {
		Client client = newClient();
		String basic = "Basic " + Base64.getEncoder()
			.encodeToString((enc(client.clientId()) + ":" + enc(client.secret())).getBytes(StandardCharsets.UTF_8));
		TokenResponse token = requestToken("grant_type=client_credentials", basic);
		assertThat(token.status()).isEqualTo(200);
		assertThat(scimWith(token.accessToken()).get("/Users").status()).isEqualTo(200);
	}

	@Test
	void wrongSecretMissingClientAndWrongGrantAreRfc6749Errors() throws Exception {
		Client client = newClient();
		TokenResponse wrongSecret = requestToken(form("client_credentials", client.clientId(), "guess"), null);
		assertThat(wrongSecret.status()).isEqualTo(401);
		assertThat(wrongSecret.body().get("error").asText()).isEqualTo("invalid_client");
		assertThat(wrongSecret.wwwAuthenticate()).isNotNull();
		TokenResponse wrongGrant = requestToken(form("password", client.clientId(), client.secret()), null);
		assertThat(wrongGrant.status()).isEqualTo(400);
		assertThat(wrongGrant.body().get("error").asText()).isEqualTo("unsupported_grant_type");
		TokenResponse noGrant = requestToken("client_id=" + enc(client.clientId()), null);
		assertThat(noGrant.body().get("error").asText()).isEqualTo("invalid_request");
		TokenResponse noSecret = requestToken("grant_type=client_credentials&client_id=" + enc(client.clientId()),
				null);
		assertThat(noSecret.status()).isEqualTo(401);
		assertThat(noSecret.body().get("error").asText()).isEqualTo("invalid_client");
	}

	@Test
	void failedGuessesNeverLockOutTheRealClient() throws Exception {
		Client client = newClient();
		for (int i = 0; i < 12; i++) {
			requestToken(form("client_credentials", client.clientId(), "guess" + i), null);
		}
		assertThat(entraTokenRequest(client).status()).isEqualTo(200);
	}

	@Test
	void repeatedFailuresForOneClientAreSlowedDownWith429() throws Exception {
		String madeUp = "guessing-" + UUID.randomUUID();
		for (int i = 0; i < 10; i++) {
			assertThat(requestToken(form("client_credentials", madeUp, "x" + i), null).status()).isEqualTo(401);
		}
		TokenResponse blocked = requestToken(form("client_credentials", madeUp, "again"), null);
		assertThat(blocked.status()).isEqualTo(429);
		assertThat(Integer.parseInt(blocked.retryAfter())).isPositive();
	}

	@Test
	void tokenActsOnlyForItsOwnAccount() throws Exception {
		Client client = newClient();
		ScimClient other = newTenant();
		String othersUser = other.post("/Users", userBody("other@fabrikam.com")).id();
		ScimClient scim = scimWith(entraTokenRequest(client).accessToken());
		assertThat(scim.get("/Users/" + othersUser).status()).isEqualTo(404);
		assertThat(scim.get("/Users").body().get("totalResults").asInt()).isZero();
		assertThat(admin().withToken(entraTokenRequest(client).accessToken()).get("/accounts").status())
			.as("an access token is no admin key")
			.isEqualTo(401);
	}

	@Test
	void revokedClientGetsNoTokenAndItsTokensStopWorking() throws Exception {
		Client client = newClient();
		String token = entraTokenRequest(client).accessToken();
		assertThat(admin().delete("/accounts/" + client.accountId() + "/oauth-clients/" + client.id()).status())
			.isEqualTo(200);
		ScimResponse refused = scimWith(token).get("/Users");
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.body().get("detail").asText()).contains("revoked");
		assertThat(entraTokenRequest(client).body().get("error").asText()).isEqualTo("invalid_client");
	}

	@Test
	void rotatedSecretReplacesTheOldOne() throws Exception {
		Client client = newClient();
		String before = entraTokenRequest(client).accessToken();
		Thread.sleep(1100);
		ScimResponse rotated = admin().send("POST",
				"/accounts/" + client.accountId() + "/oauth-clients/" + client.id() + "/secret", null, JSON);
		String newSecret = rotated.body().get("clientSecret").asText();
		assertThat(rotated.body().get("clientId").asText()).isEqualTo(client.clientId());
		assertThat(entraTokenRequest(client).status()).isEqualTo(401);
		Client renewed = new Client(client.accountId(), client.id(), client.clientId(), newSecret);
		assertThat(entraTokenRequest(renewed).status()).isEqualTo(200);
		ScimResponse old = scimWith(before).get("/Users");
		assertThat(old.status()).as("tokens issued with the replaced secret stop working").isEqualTo(401);
		assertThat(old.body().get("detail").asText()).contains("secret was replaced");
	}

	@Test
	void expiredAccessTokenIs401() throws Exception {
		Client client = newClient();
		OAuthClient stored = this.oauthClients.byClientId(client.clientId()).orElseThrow();
		String expired = this.accessTokens.issue(stored, Instant.now().minus(Duration.ofHours(2))).value();
		ScimResponse refused = scimWith(expired).get("/Users");
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.body().get("detail").asText()).containsIgnoringCase("expired");
	}

	@Test
	void rotatedSigningKeyKeepsOldTokensValidUntilRetired() throws Exception {
		Client client = newClient();
		String before = entraTokenRequest(client).accessToken();
		String oldKid = SignedJWT.parse(before).getHeader().getKeyID();
		ScimResponse rotated = admin().send("POST", "/signing-keys/rotate", null, JSON);
		assertThat(rotated.status()).isEqualTo(200);
		String after = entraTokenRequest(client).accessToken();
		String newKid = SignedJWT.parse(after).getHeader().getKeyID();
		assertThat(newKid).isNotEqualTo(oldKid).isEqualTo(rotated.body().get("kid").asText());
		assertThat(scimWith(before).get("/Users").status()).isEqualTo(200);
		assertThat(scimWith(after).get("/Users").status()).isEqualTo(200);
		String jwks = HTTP
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/oauth2/jwks")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		assertThat(jwks).contains(oldKid).contains(newKid).doesNotContain("\"d\"");
		assertThat(admin().delete("/signing-keys/" + oldKid).status()).isEqualTo(204);
		assertThat(scimWith(before).get("/Users").status()).isEqualTo(401);
		assertThat(scimWith(after).get("/Users").status()).isEqualTo(200);
	}

	@Test
	void tokensStayValidAcrossARestartAndOnASecondInstance() throws Exception {
		Client client = newClient();
		String token = entraTokenRequest(client).accessToken();
		try (ConfigurableApplicationContext second = new SpringApplicationBuilder(ProvisioningApplication.class).run(
				"--server.port=0", "--spring.datasource.url=" + this.dataSource.getJdbcUrl(),
				"--spring.datasource.username=" + this.dataSource.getUsername(),
				"--spring.datasource.password="
						+ ((this.dataSource.getPassword() != null) ? this.dataSource.getPassword() : ""),
				"--provisioning.encryption.key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
				"--provisioning.admin.bootstrap-key=" + ADMIN_KEY, "--provisioning.reconcile.enabled=false")) {
			int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
			ScimClient onSecond = new ScimClient("http://localhost:" + secondPort + "/scim/v2", token, null);
			ScimResponse created = onSecond.post("/Users", userBody("restart@contoso.com"));
			assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
			TokenResponse fromSecond = requestToken(secondPort,
					form("client_credentials", client.clientId(), client.secret()), null);
			assertThat(scimWith(fromSecond.accessToken()).get("/Users").body().get("totalResults").asInt())
				.isEqualTo(1);
		}
	}

	@Test
	void tokenLifetimeOutsideMicrosoftsRangeStopsStartUp() {
		assertThatThrownBy(() -> new OAuthProperties("x", "scim", Duration.ofMinutes(30)))
			.hasMessageContaining("60 minutes and 6 hours");
		assertThatThrownBy(() -> new OAuthProperties("x", "scim", Duration.ofHours(7)))
			.hasMessageContaining("60 minutes and 6 hours");
		assertThat(new OAuthProperties("x", "scim", Duration.ofHours(6)).tokenLifetime())
			.isEqualTo(Duration.ofHours(6));
	}

}

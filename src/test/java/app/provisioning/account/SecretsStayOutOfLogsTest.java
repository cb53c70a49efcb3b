package app.provisioning.account;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.provisioning.console.ConsoleHttp;
import app.provisioning.support.FakeGraph;
import app.provisioning.support.FakeGraphApp;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every flow that carries a secret — issuing and using SCIM tokens, admin keys and OAuth
 * client secrets, right and wrong, saving an Entra connection's client secret, signing in
 * to the administration pages — with our own loggers at DEBUG: no secret appears in the
 * log, and reads never return a secret (only the answer that issues it does).
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsStayOutOfLogsTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private static final String ENCRYPTION_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	/** Every secret seen or sent by this test; none may be logged. */
	private final List<String> secrets = new ArrayList<>(List.of(ADMIN_KEY, ENCRYPTION_KEY));

	@BeforeEach
	void logEverythingOfOurs() {
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel("app.provisioning", LogLevel.DEBUG);
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel("org.springframework.security", LogLevel.DEBUG);
	}

	@AfterEach
	void restoreLogLevels() {
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel("app.provisioning", null);
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel("org.springframework.security", null);
	}

	private String secret(String value) {
		assertThat(value).isNotBlank();
		this.secrets.add(value);
		return value;
	}

	private static String guess() {
		return Secrets.generate();
	}

	@Test
	void noSecretOfAnyFlowAppearsInTheLogAndReadsNeverReturnOne(CapturedOutput output) throws Exception {
		// Admin keys: issue, use, guess.
		ScimResponse issuedKey = admin().send("POST", "/admin-keys", "{\"label\":\"ops\"}", JSON);
		assertThat(issuedKey.status()).isEqualTo(201);
		String adminKey = secret(issuedKey.body().path("key").asText());
		assertThat(admin().withToken(adminKey).get("/accounts").status()).isEqualTo(200);
		assertThat(admin().withToken(secret(guess())).get("/accounts").status()).isEqualTo(401);

		// SCIM secret tokens: issue, use, guess.
		UUID accountId = UUID.fromString(
				admin().send("POST", "/accounts", "{\"name\":\"secrets-" + UUID.randomUUID() + "\"}", JSON).id());
		ScimResponse issuedToken = admin().send("POST", "/accounts/" + accountId + "/scim-tokens",
				"{\"label\":\"Entra\"}", JSON);
		assertThat(issuedToken.status()).isEqualTo(201);
		ScimClient scim = new ScimClient(scimBaseUrl(), secret(issuedToken.body().path("token").asText()), accountId);
		assertThat(scim.post("/Users", userBody("kim@contoso.com")).status()).isEqualTo(201);
		assertThat(scim.withToken(secret(guess())).get("/Users").status()).isEqualTo(401);

		// OAuth clients: issue, get a token, use it, guess the secret.
		ScimResponse client = admin().send("POST", "/accounts/" + accountId + "/oauth-clients", "{\"label\":\"Entra\"}",
				JSON);
		assertThat(client.status()).isEqualTo(201);
		String clientId = client.body().path("clientId").asText();
		HttpResponse<String> token = tokenRequest(clientId, secret(client.body().path("clientSecret").asText()));
		assertThat(token.statusCode()).isEqualTo(200);
		String accessToken = secret(ScimClient.json(token.body()).path("access_token").asText());
		assertThat(scim.withToken(accessToken).get("/Users").status()).isEqualTo(200);
		assertThat(tokenRequest(clientId, secret(guess())).statusCode()).isEqualTo(401);

		// The Entra connection's client secret: saved, and tried in Test Connection,
		// right and wrong.
		FakeGraphApp app = FakeGraph.get()
			.newTenant()
			.newApp("User.Read.All", "GroupMember.Read.All", "Application.Read.All");
		secret(app.secret());
		ScimResponse saved = admin().send("PUT", "/accounts/" + accountId + "/entra-connection",
				"{\"tenantId\":\"%s\",\"clientId\":\"%s\",\"clientSecret\":\"%s\",\"applicationObjectId\":\"%s\"}"
					.formatted(app.tenant().id(), app.clientId(), app.secret(), app.objectId()),
				JSON);
		assertThat(saved.status()).as(saved.rawBody()).isEqualTo(200);
		assertThat(admin().send("POST", "/accounts/" + accountId + "/entra-connection/test", null, Map.of()).status())
			.isEqualTo(200);
		assertThat(admin()
			.send("POST", "/accounts/" + accountId + "/entra-connection/test",
					"{\"tenantId\":\"%s\",\"clientId\":\"%s\",\"clientSecret\":\"%s\"}".formatted(app.tenant().id(),
							app.clientId(), secret("Wrong~" + guess())),
					JSON)
			.status()).isEqualTo(200);

		// The administration pages: a wrong key, then the right one, then a page with the
		// connection.
		ConsoleHttp browser = new ConsoleHttp(this.port, ConsoleHttp.randomAddress());
		assertThat(browser.signIn(secret(guess())).statusCode()).isEqualTo(401);
		String session = browser.session(adminKey);
		HttpResponse<String> accountPage = browser.get("/admin/accounts/" + accountId, session);
		assertThat(accountPage.statusCode()).isEqualTo(200);

		// Reads: never a secret.
		List<String> reads = new ArrayList<>();
		for (String path : new String[] { "/admin-keys", "/accounts", "/accounts/" + accountId,
				"/accounts/" + accountId + "/scim-tokens", "/accounts/" + accountId + "/oauth-clients",
				"/accounts/" + accountId + "/entra-connection", "/accounts/" + accountId + "/sync-log" }) {
			ScimResponse read = admin().get(path);
			assertThat(read.status()).as(path).isEqualTo(200);
			reads.add(read.rawBody());
		}
		reads.add(accountPage.body());
		for (String read : reads) {
			assertThat(read).doesNotContain(this.secrets);
		}

		// The capture holds the server's own lines (so a leak would be seen), but none of
		// the secrets.
		assertThat(output.getAll()).as("the log of this test")
			.contains("Token request refused: invalid_client")
			.contains("Test connection for account " + accountId)
			.doesNotContain(this.secrets);
	}

	private HttpResponse<String> tokenRequest(String clientId, String clientSecret) throws Exception {
		String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
				+ "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}

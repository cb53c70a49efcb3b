package app.provisioning.account;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import app.provisioning.platform.SecretCipher;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member's session ends after the idle timeout (30 minutes) and the absolute lifetime
 * (8 hours), and moves its idle deadline while in use. Sessions are sealed here as the
 * server seals them, with times in the past, instead of waiting.
 */
class ConsoleSessionTimeoutTest extends ScimIntegrationTest {

	private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@Autowired
	private SecretCipher cipher;

	private String seal(String tenantId, String objectId, Instant issued, Instant seen) {
		String payload = "m|" + tenantId + "|" + objectId + "|-|" + issued.toEpochMilli() + "|" + seen.toEpochMilli();
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(this.cipher.encrypt(payload.getBytes(StandardCharsets.UTF_8)));
	}

	private HttpResponse<String> accounts(String session) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/admin"))
			.header("Cookie", ConsoleSessions.COOKIE + "=" + session)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void idleAndOldSessionsEndAndAnActiveOneMovesItsDeadline() throws Exception {
		String tenant = UUID.randomUUID().toString();
		UUID account = newTenant().accountId();
		Map<String, String> json = Map.of("Content-Type", "application/json");
		assertThat(
				admin().send("PATCH", "/accounts/" + account, "{\"entraTenantId\":\"" + tenant + "\"}", json).status())
			.isEqualTo(200);
		String objectId = UUID.randomUUID().toString();
		ScimResponse member = admin().send("POST", "/accounts/" + account + "/members",
				"{\"objectId\":\"" + objectId + "\",\"role\":\"viewer\"}", json);
		assertThat(member.status()).isEqualTo(201);
		Instant now = Instant.now();

		HttpResponse<String> fresh = accounts(seal(tenant, objectId, now.minusSeconds(10), now.minusSeconds(10)));
		assertThat(fresh.statusCode()).isEqualTo(200);
		assertThat(fresh.headers().allValues("Set-Cookie"))
			.noneMatch((c) -> c.startsWith(ConsoleSessions.COOKIE + "="));

		HttpResponse<String> busy = accounts(
				seal(tenant, objectId, now.minus(Duration.ofHours(2)), now.minus(Duration.ofMinutes(5))));
		assertThat(busy.statusCode()).isEqualTo(200);
		String touched = busy.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((c) -> c.startsWith(ConsoleSessions.COOKIE + "="))
			.findFirst()
			.orElseThrow();
		assertThat(touched).contains("HttpOnly").contains("SameSite=Strict").contains("Max-Age=28800");
		assertThat(accounts(touched.substring(touched.indexOf('=') + 1, touched.indexOf(';'))).statusCode())
			.isEqualTo(200);

		HttpResponse<String> idle = accounts(
				seal(tenant, objectId, now.minus(Duration.ofHours(1)), now.minus(Duration.ofMinutes(31))));
		assertThat(idle.statusCode()).isEqualTo(302);
		assertThat(idle.headers().firstValue("Location").orElseThrow()).endsWith("/admin/login");

		HttpResponse<String> old = accounts(
				seal(tenant, objectId, now.minus(Duration.ofHours(8)).minusSeconds(1), now.minusSeconds(5)));
		assertThat(old.statusCode()).isEqualTo(302);

		HttpResponse<String> otherTenant = accounts(seal(UUID.randomUUID().toString(), objectId, now, now));
		assertThat(otherTenant.statusCode()).isEqualTo(302);
		assertThat(accounts("not-a-session").statusCode()).isEqualTo(302);
	}

}

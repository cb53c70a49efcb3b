package app.provisioning.console;

import java.net.http.HttpResponse;

import app.provisioning.support.ScimIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing admin keys at the sign-in page is stopped after ten failures a minute from one
 * address.
 */
class ConsoleSignInLimitTest extends ScimIntegrationTest {

	@Test
	void eleventhFailedSignInFromOneAddressIs429WithAClearMessageAndNoSession() throws Exception {
		ConsoleHttp browser = new ConsoleHttp(this.port, ConsoleHttp.randomAddress());
		for (int i = 0; i < 10; i++) {
			HttpResponse<String> wrong = browser.signIn("wrong-key-" + i);
			assertThat(wrong.statusCode()).as("failure " + (i + 1)).isEqualTo(401);
			assertThat(wrong.body()).contains("not a valid admin key");
		}
		HttpResponse<String> blocked = browser.signIn("wrong-key-10");
		assertThat(blocked.statusCode()).isEqualTo(429);
		long retryAfter = Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow());
		assertThat(retryAfter).isBetween(1L, 60L);
		assertThat(blocked.body()).contains("Too many failed sign-ins from your address")
			.contains("try again in " + retryAfter + " seconds");
	}

	@Test
	void aBlockedAddressIsRefusedEvenWithTheRightKeyWhileOthersStillSignIn() throws Exception {
		ConsoleHttp guesser = new ConsoleHttp(this.port, ConsoleHttp.randomAddress());
		for (int i = 0; i < 10; i++) {
			guesser.signIn("guess-" + i);
		}
		// A short, human-chosen bootstrap key must not be confirmable by a blocked
		// guesser.
		HttpResponse<String> right = guesser.signIn(ADMIN_KEY);
		assertThat(right.statusCode()).isEqualTo(429);
		assertThat(right.headers().allValues("Set-Cookie")).noneMatch((c) -> c.startsWith("console_session="));

		ConsoleHttp colleague = new ConsoleHttp(this.port, ConsoleHttp.randomAddress());
		String session = colleague.session(ADMIN_KEY);
		assertThat(colleague.get("/admin", session).statusCode()).isEqualTo(200);
	}

	@Test
	void successfulSignInsAreNotCounted() throws Exception {
		ConsoleHttp browser = new ConsoleHttp(this.port, ConsoleHttp.randomAddress());
		for (int i = 0; i < 12; i++) {
			assertThat(browser.signIn(ADMIN_KEY).statusCode()).as("sign-in " + (i + 1)).isEqualTo(302);
		}
		assertThat(browser.signIn("wrong").statusCode()).isEqualTo(401);
	}

}

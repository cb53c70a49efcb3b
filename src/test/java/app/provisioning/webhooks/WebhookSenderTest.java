package app.provisioning.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the sender does with an address the operator has not allowed, checked again at delivery time. */
class WebhookSenderTest {

	private static WebhooksProperties properties() {
		return new WebhooksProperties(false, Duration.ofSeconds(1), null, null, null, Duration.ofSeconds(5), null, null, null,
				null, null);
	}

	@Test
	void anAddressRefusedAtDeliveryFailsTheAttemptWithTheReasonAndSendsNothing() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			WebhookSender sender = new WebhookSender(properties(), new EndpointAddressPolicy(false), Clock.systemUTC());
			for (String url : List.of(receiver.url("/loopback"), "https://127.0.0.1/hooks", "https://10.0.0.5/hooks",
					"https://169.254.169.254/latest/meta-data", "https://[::1]/hooks")) {
				DeliveryAttempt attempt = sender
					.send(new WebhookSender.Message(1, url, "evt_1", "{}", List.of(WebhookSecret.generate())))
					.join();
				assertThat(attempt.delivered()).as(url).isFalse();
				assertThat(attempt.status()).as(url).isNull();
				assertThat(attempt.error()).as(url).startsWith("Refused: ");
			}
			assertThat(receiver.requests()).isEmpty();
		}
	}

	@Test
	void theRetryScheduleTakesAboutThreeDaysThenGivesUp() {
		RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(5));
		Duration total = Duration.ZERO;
		for (int attempts = 1; attempts < RetrySchedule.maxAttempts(); attempts++) {
			Duration delay = schedule.after(attempts).orElseThrow();
			total = total.plus(delay);
		}
		assertThat(schedule.after(RetrySchedule.maxAttempts())).isEmpty();
		assertThat(schedule.after(1).orElseThrow()).isBetween(Duration.ofMillis(4000), Duration.ofMillis(6000));
		assertThat(total).isBetween(Duration.ofDays(2).plusHours(12), Duration.ofDays(3).plusHours(20));
	}

}

package app.provisioning.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import app.provisioning.account.ScimTraffic;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts against real time windows: the server's clock is moved forward, as the hours
 * would pass, and the alerts start, repeat, come closer and end when they should.
 */
@Import(AlertsOverTimeTest.Clocks.class)
class AlertsOverTimeTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	/** The system clock plus an offset the test moves forward. */
	static final class MovableClock extends Clock {

		private final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

		void advance(Duration duration) {
			this.ahead.updateAndGet((current) -> current.plus(duration));
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return Instant.now().plus(this.ahead.get());
		}

	}

	static final MovableClock CLOCK = new MovableClock();

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		@Primary
		Clock movableClock() {
			return CLOCK;
		}

	}

	@Autowired
	private ScimTraffic traffic;

	@Autowired
	private AlertEvaluator evaluator;

	private UUID tenantWithAddress(ScimClient scim) {
		assertThat(admin()
			.send("PUT", "/accounts/" + scim.accountId() + "/alert-settings",
					"{\"email\":\"time-" + scim.accountId() + "@alerts.example\"}", JSON)
			.status()).isEqualTo(200);
		return scim.accountId();
	}

	private List<String> subjects(UUID account) {
		this.evaluator.evaluate(this.accounts.get(account));
		return this.jdbcTemplate.queryForList("SELECT subject FROM alert_mail WHERE account_id = ? ORDER BY id",
				String.class, account);
	}

	private void requestAndCount(ScimClient scim) throws InterruptedException {
		long before = this.traffic.summary(scim.accountId()).requests(this.traffic.summary(scim.accountId()).lastDay());
		assertThat(scim.get("/Users?count=1").status()).isEqualTo(200);
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (this.traffic.summary(scim.accountId())
			.requests(this.traffic.summary(scim.accountId()).lastDay()) <= before && System.nanoTime() < deadline) {
			this.traffic.flush();
			Thread.sleep(20);
		}
	}

	@Test
	void silenceAlertsAfterThreeHoursRepeatsAfterADayAndEndsWithTheNextRequest() throws Exception {
		ScimClient scim = newTenant();
		UUID account = tenantWithAddress(scim);
		requestAndCount(scim);
		assertThat(subjects(account)).isEmpty();
		CLOCK.advance(Duration.ofHours(2).plusMinutes(50));
		assertThat(subjects(account)).as("under three hours").isEmpty();
		CLOCK.advance(Duration.ofMinutes(20));
		assertThat(subjects(account)).singleElement()
			.asString()
			.startsWith("[failing] ")
			.contains("No SCIM request from Entra for 3 hours");
		CLOCK.advance(Duration.ofHours(12));
		assertThat(subjects(account)).as("not again within a day").hasSize(1);
		CLOCK.advance(Duration.ofHours(13));
		assertThat(subjects(account)).hasSize(2).last().asString().startsWith("[failing, still] ");
		requestAndCount(scim);
		assertThat(subjects(account)).hasSize(3).last().asString().startsWith("[resolved] ");
	}

	@Test
	void anExpiringTokenIsAnnouncedFourteenThreeAndOneDaysAhead() throws Exception {
		ScimClient scim = newTenant();
		UUID account = tenantWithAddress(scim);
		ScimResponse token = admin().send("POST", "/accounts/" + account + "/scim-tokens",
				"{\"label\":\"Entra production\",\"expiresAt\":\"" + CLOCK.instant().plus(Duration.ofDays(20)) + "\"}",
				JSON);
		assertThat(token.status()).as(token.rawBody()).isEqualTo(201);
		requestAndCount(scim);
		assertThat(subjects(account)).isEmpty();
		CLOCK.advance(Duration.ofDays(7));
		List<String> mails = subjects(account);
		assertThat(mails).anySatisfy((subject) -> assertThat(subject).startsWith("[warning] ")
			.contains("SCIM secret token 'Entra production' expires in 12 day(s)"));
		int before = mails.size();
		CLOCK.advance(Duration.ofDays(2));
		assertThat(subjects(account)).as("no step closer yet").hasSize(before + countSilence(account));
		CLOCK.advance(Duration.ofDays(9));
		assertThat(subjects(account)).anySatisfy(
				(subject) -> assertThat(subject).startsWith("[warning, still] ").contains("expires in 1 day(s)"));
		CLOCK.advance(Duration.ofDays(1).plusHours(12));
		assertThat(subjects(account)).anySatisfy(
				(subject) -> assertThat(subject).startsWith("[warning, still] ").contains("expires in 0 day(s)"));
	}

	// The silence alerts of the same account, which the moved clock also starts.
	private int countSilence(UUID account) {
		return this.jdbcTemplate
			.queryForObject("SELECT count(*) FROM alert_mail m JOIN alert a ON a.id = m.alert_id WHERE m.account_id = ?"
					+ " AND a.kind = 'scim-silent'", Integer.class, account);
	}

}

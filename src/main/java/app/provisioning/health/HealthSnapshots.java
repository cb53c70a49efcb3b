package app.provisioning.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.account.Account;
import app.provisioning.account.AccountService;
import app.provisioning.platform.BackgroundTasks;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Every account's latest health, checked in the background once a minute
 * ({@code provisioning.alerts.check-every}): the badges of the account list, the alerts
 * (each verdict is handed to the {@link AlertEvaluator}), and Prometheus gauges per
 * account ({@code provisioning.account.health} 0 healthy, 1 warning, 2 failing; held
 * deactivations; days until the first credential expires; seconds since Entra's last SCIM
 * request).
 */
@Component
public class HealthSnapshots {

	private static final Logger log = LoggerFactory.getLogger(HealthSnapshots.class);

	private final AccountService accounts;

	private final HealthChecks checks;

	private final AlertEvaluator alerts;

	private final Duration every;

	private final Map<UUID, AccountHealth> latest = new ConcurrentHashMap<>();

	private final MultiGauge health;

	private final MultiGauge held;

	private final MultiGauge credentialDays;

	private final MultiGauge silence;

	HealthSnapshots(AccountService accounts, HealthChecks checks, AlertEvaluator alerts, AlertsProperties properties,
			MeterRegistry registry, BackgroundTasks background) {
		this.accounts = accounts;
		this.checks = checks;
		this.alerts = alerts;
		this.every = properties.checkEvery();
		background.every(this.every, Duration.ofSeconds(5), "account-health", this::refreshQuietly);
		this.health = MultiGauge.builder("provisioning.account.health")
			.description("Provisioning health of each account: 0 healthy, 1 warning, 2 failing")
			.register(registry);
		this.held = MultiGauge.builder("provisioning.account.deactivations.held")
			.description("Deactivations the deactivation brake holds for review")
			.register(registry);
		this.credentialDays = MultiGauge.builder("provisioning.account.credential.days.left")
			.description("Days until the account's first SCIM token or Graph client secret expires")
			.register(registry);
		this.silence = MultiGauge.builder("provisioning.account.scim.silence.seconds")
			.description("Seconds since the account's last SCIM request")
			.register(registry);
	}

	/** The latest verdict on an account, if one was checked yet. */
	public Optional<AccountHealth> latest(UUID accountId) {
		return Optional.ofNullable(this.latest.get(accountId));
	}

	/** Checks every account now, and evaluates its alerts against what it found. */
	public void refresh() {
		List<Account> all = this.accounts.list();
		List<MultiGauge.Row<?>> healthRows = new ArrayList<>();
		List<MultiGauge.Row<?>> heldRows = new ArrayList<>();
		List<MultiGauge.Row<?>> credentialRows = new ArrayList<>();
		List<MultiGauge.Row<?>> silenceRows = new ArrayList<>();
		for (Account account : all) {
			AccountHealth verdict;
			try {
				verdict = this.checks.of(account.getId());
			}
			catch (DataAccessException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				log.warn("Checking the health of account {} failed: {}", account.getId(), ex.toString());
				continue;
			}
			this.latest.put(account.getId(), verdict);
			try {
				this.alerts.evaluate(account, verdict);
			}
			catch (RuntimeException ex) {
				log.warn("Evaluating the alerts of account {} failed: {}", account.getId(), ex.toString());
			}
			Tags tags = Tags.of("account", account.getId().toString());
			healthRows.add(MultiGauge.Row.of(tags, verdict.severity()));
			heldRows.add(MultiGauge.Row.of(tags, verdict.deactivationsHeld()));
			verdict.credentials()
				.stream()
				.findFirst()
				.ifPresent((first) -> credentialRows.add(MultiGauge.Row.of(tags, first.daysLeft())));
			if (verdict.scim().lastRequestAt() != null) {
				silenceRows.add(MultiGauge.Row.of(tags,
						Duration.between(verdict.scim().lastRequestAt(), verdict.checkedAt()).toSeconds()));
			}
		}
		this.latest.keySet().retainAll(all.stream().map(Account::getId).toList());
		this.health.register(healthRows, true);
		this.held.register(heldRows, true);
		this.credentialDays.register(credentialRows, true);
		this.silence.register(silenceRows, true);
	}

	private void refreshQuietly() {
		try {
			refresh();
		}
		catch (RuntimeException ex) {
			log.warn("Checking the accounts' health failed; trying again in {}: {}", this.every, ex.getMessage());
		}
	}

}

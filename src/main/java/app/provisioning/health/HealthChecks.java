package app.provisioning.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.provisioning.account.AccountService;
import app.provisioning.account.ScimCredential;
import app.provisioning.account.ScimTraffic;
import app.provisioning.mapping.HeldDeactivations;
import app.provisioning.mapping.Records;
import app.provisioning.reconcile.GraphConnections;
import app.provisioning.reconcile.ReconcileRun;
import app.provisioning.reconcile.RunRequests;

import org.springframework.stereotype.Service;

/**
 * Puts together what the server knows about an account's provisioning (Entra's SCIM
 * traffic, the reconciliation, expiring credentials, the deactivation brake) into one
 * verdict with its reasons, worst first.
 */
@Service
public class HealthChecks {

	/** The condition of an account Entra never called: shown, never alerted. */
	public static final String NOT_STARTED = "scim-not-started";

	/** Fewer requests in the last hour than this say nothing about a failure share. */
	static final int MIN_REQUESTS_FOR_SHARE = 10;

	private final AccountService accounts;

	private final ScimTraffic traffic;

	private final RunRequests runs;

	private final GraphConnections connections;

	private final Records records;

	private final HeldDeactivations held;

	private final HealthProperties properties;

	private final Clock clock;

	HealthChecks(AccountService accounts, ScimTraffic traffic, RunRequests runs, GraphConnections connections,
			Records records, HeldDeactivations held, HealthProperties properties, Clock clock) {
		this.accounts = accounts;
		this.traffic = traffic;
		this.runs = runs;
		this.connections = connections;
		this.records = records;
		this.held = held;
		this.properties = properties;
		this.clock = clock;
	}

	public AccountHealth of(UUID accountId) {
		this.accounts.get(accountId);
		Instant now = this.clock.instant();
		Verdict verdict = new Verdict();
		AccountHealth.Scim scim = scim(accountId, now, verdict);
		AccountHealth.Reconciliation reconciliation = reconciliation(accountId, verdict);
		List<AccountHealth.Credential> credentials = credentials(accountId, now, verdict);
		int heldNow = this.held.brake(accountId).held();
		if (heldNow > 0) {
			verdict.warning("brake-held", heldNow + " deactivation(s) held by the deactivation brake wait for review",
					0);
		}
		long changedToday = this.records.changedSince(accountId,
				LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant());
		return new AccountHealth(verdict.status(), verdict.reasons(), verdict.conditions(), scim, reconciliation,
				credentials, changedToday, heldNow, now);
	}

	private AccountHealth.Scim scim(UUID accountId, Instant now, Verdict verdict) {
		ScimTraffic.Summary summary = this.traffic.summary(accountId);
		AccountHealth.Window hour = window(summary.lastHour());
		AccountHealth.Window day = window(summary.lastDay());
		long requests = summary.requests(summary.lastHour());
		Double share = (requests > 0) ? 100.0 * summary.failures(summary.lastHour()) / requests : null;
		if (summary.lastRequestAt() == null) {
			verdict.warning(NOT_STARTED,
					"Entra has not sent any SCIM request yet: start provisioning in the Azure portal", 0);
		}
		else {
			Duration silent = Duration.between(summary.lastRequestAt(), now);
			if (silent.compareTo(this.properties.silenceAfter()) >= 0) {
				verdict.failing("scim-silent",
						"No SCIM request from Entra for " + hours(silent) + " (the last at " + summary.lastRequestAt()
								+ "): Entra may have stopped or quarantined provisioning;"
								+ " check the provisioning logs of the enterprise app in the Azure portal",
						0);
			}
		}
		if (share != null && requests >= MIN_REQUESTS_FOR_SHARE) {
			String detail = String.format(java.util.Locale.ROOT,
					"%.0f%% of Entra's %d requests in the last hour failed", share, requests)
					+ topErrors(summary.lastHour());
			if (share >= this.properties.errorShareFailing()) {
				verdict.failing("scim-failures", detail + "; Entra quarantines a job that keeps failing", 0);
			}
			else if (share >= this.properties.errorShareWarning()) {
				verdict.warning("scim-failures", detail, 0);
			}
		}
		return new AccountHealth.Scim(summary.lastRequestAt(), summary.lastStatus(), hour, day, share);
	}

	private static String topErrors(List<ScimTraffic.Summary.Outcome> outcomes) {
		List<ScimTraffic.Summary.Outcome> failures = outcomes.stream()
			.filter(ScimTraffic.Summary.Outcome::entraFailure)
			.sorted(Comparator.comparingLong(ScimTraffic.Summary.Outcome::requests).reversed())
			.limit(3)
			.toList();
		if (failures.isEmpty()) {
			return "";
		}
		List<String> named = new ArrayList<>();
		for (ScimTraffic.Summary.Outcome failure : failures) {
			named.add(name(failure) + " ×" + failure.requests() + ((failure.exampleRequestId() != null)
					? " (e.g. request " + failure.exampleRequestId() + ")" : ""));
		}
		return " (most: " + String.join(", ", named) + "; look a request id up in the sync log or the server's log)";
	}

	private static String name(ScimTraffic.Summary.Outcome outcome) {
		return outcome.status() + (outcome.scimType().isEmpty() ? "" : " " + outcome.scimType());
	}

	private static AccountHealth.Window window(List<ScimTraffic.Summary.Outcome> outcomes) {
		long requests = 0;
		long ok = 0;
		long clientErrors = 0;
		long serverErrors = 0;
		long rateLimited = 0;
		Map<String, Long> byKind = new LinkedHashMap<>();
		for (ScimTraffic.Summary.Outcome outcome : outcomes) {
			requests += outcome.requests();
			if (outcome.status() == 429) {
				rateLimited += outcome.requests();
			}
			else if (outcome.status() >= 500) {
				serverErrors += outcome.requests();
			}
			else if (outcome.status() >= 400) {
				clientErrors += outcome.requests();
				byKind.merge(name(outcome), outcome.requests(), Long::sum);
			}
			else {
				ok += outcome.requests();
			}
		}
		return new AccountHealth.Window(requests, ok, clientErrors, byKind, serverErrors, rateLimited);
	}

	private AccountHealth.Reconciliation reconciliation(UUID accountId, Verdict verdict) {
		List<ReconcileRun> finished = this.runs.latest(accountId).stream().filter(ReconcileRun::finished).toList();
		if (finished.isEmpty()) {
			return null;
		}
		int failures = 0;
		for (ReconcileRun run : finished) {
			if (!"failed".equals(run.state())) {
				break;
			}
			failures++;
		}
		ReconcileRun last = finished.get(0);
		if (failures >= this.properties.reconcileFailures()) {
			verdict.failing("reconcile-failures",
					"The last " + failures + " reconciliation runs failed (the last: " + last.lastError() + ")", 0);
		}
		else if (failures > 0) {
			verdict.warning("reconcile-failures", "The last reconciliation run failed: " + last.lastError(), 0);
		}
		return new AccountHealth.Reconciliation(last.state(), last.finishedAt(), last.lastError(), failures);
	}

	private List<AccountHealth.Credential> credentials(UUID accountId, Instant now, Verdict verdict) {
		List<AccountHealth.Credential> expiring = new ArrayList<>();
		List<ScimCredential> usable = this.accounts.tokens(accountId)
			.stream()
			.filter((token) -> token.getRevokedAt() == null)
			.toList();
		boolean anyValid = usable.stream()
			.anyMatch((token) -> token.getExpiresAt() == null || token.getExpiresAt().isAfter(now));
		for (ScimCredential token : usable) {
			if (token.getExpiresAt() == null) {
				continue;
			}
			AccountHealth.Credential credential = new AccountHealth.Credential("scim-token", token.getLabel(),
					token.getExpiresAt(), daysLeft(now, token.getExpiresAt()));
			expiring.add(credential);
			if (token.getExpiresAt().isAfter(now) && Duration.between(now, token.getExpiresAt())
				.compareTo(this.properties.credentialWarning()) <= 0) {
				verdict.warning("scim-token:" + token.getId(),
						"SCIM secret token '" + token.getLabel() + "' expires in " + credential.daysLeft()
								+ " day(s), on " + token.getExpiresAt()
								+ ": issue a new one and enter it in the Azure portal",
						step(credential.daysLeft()));
			}
		}
		if (!usable.isEmpty() && !anyValid) {
			verdict.failing("scim-tokens-expired",
					"Every SCIM secret token of the account has expired: Entra's requests are refused", 0);
		}
		this.connections.find(accountId).map((connection) -> connection.clientSecretExpiresAt()).ifPresent((at) -> {
			AccountHealth.Credential credential = new AccountHealth.Credential("graph-client-secret",
					"Microsoft Graph client secret", at, daysLeft(now, at));
			expiring.add(credential);
			if (!at.isAfter(now)) {
				verdict.failing("graph-client-secret", "The Microsoft Graph client secret expired on " + at
						+ ": reconciliation cannot sign in; enter a new secret on the account page", 4);
			}
			else if (Duration.between(now, at).compareTo(this.properties.credentialWarning()) <= 0) {
				verdict.warning("graph-client-secret",
						"The Microsoft Graph client secret expires in " + credential.daysLeft() + " day(s), on " + at
								+ ": create a new one in the app registration and enter it here",
						step(credential.daysLeft()));
			}
		});
		expiring.sort(Comparator.comparing(AccountHealth.Credential::expiresAt));
		return expiring;
	}

	/** An expiry's alert steps: within 14 days, within 3, within 1. */
	private static int step(long daysLeft) {
		return (daysLeft < 1) ? 3 : (daysLeft < 3) ? 2 : 1;
	}

	private static long daysLeft(Instant now, Instant expiresAt) {
		return Math.max(0, Duration.between(now, expiresAt).toDays());
	}

	private static String hours(Duration duration) {
		long hours = duration.toHours();
		return (hours >= 48) ? (hours / 24) + " days" : hours + " hours";
	}

	/** Reasons collected while checking, failures before warnings. */
	private static final class Verdict {

		private final List<AccountHealth.Condition> failing = new ArrayList<>();

		private final List<AccountHealth.Condition> warnings = new ArrayList<>();

		void failing(String kind, String reason, int step) {
			this.failing.add(new AccountHealth.Condition(kind, AccountHealth.FAILING, reason, step));
		}

		void warning(String kind, String reason, int step) {
			this.warnings.add(new AccountHealth.Condition(kind, AccountHealth.WARNING, reason, step));
		}

		String status() {
			return !this.failing.isEmpty() ? AccountHealth.FAILING
					: (!this.warnings.isEmpty() ? AccountHealth.WARNING : AccountHealth.HEALTHY);
		}

		List<AccountHealth.Condition> conditions() {
			List<AccountHealth.Condition> all = new ArrayList<>(this.failing);
			all.addAll(this.warnings);
			return List.copyOf(all);
		}

		List<String> reasons() {
			return conditions().stream().map(AccountHealth.Condition::reason).toList();
		}

	}

}

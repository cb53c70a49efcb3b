package app.provisioning.reconcile;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import app.provisioning.account.AccountService;
import app.provisioning.platform.Refusal;
import app.provisioning.platform.EncryptedColumn;
import app.provisioning.platform.SecretCipher;
import app.provisioning.platform.StoresEncryptedSecrets;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Stores and checks accounts' Graph connections and reconciliation schedules. */
@Service
public class GraphConnections implements StoresEncryptedSecrets {

	private static final Pattern GUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern DOMAIN = Pattern.compile("(?=.{4,253}$)([A-Za-z0-9-]{1,63}\\.)+[A-Za-z]{2,63}");

	static final int MIN_INTERVAL_MINUTES = 5;

	static final int MAX_INTERVAL_MINUTES = 60 * 24 * 31;

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final JdbcTemplate jdbc;

	private final SecretCipher cipher;

	private final AccountService accounts;

	private final Clock clock;

	GraphConnections(JdbcTemplate jdbc, SecretCipher cipher, AccountService accounts, Clock clock) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.accounts = accounts;
		this.clock = clock;
	}

	@Override
	public EncryptedColumn encryptedColumn() {
		return new EncryptedColumn("graph_connection", "account_id", "client_secret");
	}

	/**
	 * The four fields of the Azure portal's app registration; a null secret keeps the
	 * stored one.
	 */
	public record Settings(String tenantId, String clientId, String clientSecret, String applicationObjectId) {
	}

	/**
	 * What to do around a run: schedule, whether to refresh mapped fields of present
	 * users, whom to notify.
	 */
	public record RunSettings(GraphConnection.Schedule schedule, boolean refreshFields, String notifyUrl) {
	}

	@Transactional(readOnly = true)
	public Optional<GraphConnection> find(UUID accountId) {
		this.accounts.get(accountId);
		return this.jdbc.query("SELECT * FROM graph_connection WHERE account_id = ?", (rs, n) -> {
			String kind = rs.getString("schedule_kind").toUpperCase(Locale.ROOT);
			Integer interval = (Integer) rs.getObject("schedule_interval_minutes");
			return new GraphConnection(accountId, rs.getString("tenant_id"), rs.getString("client_id"),
					rs.getBytes("client_secret") != null, rs.getString("client_secret_hint"),
					instant(rs.getObject("client_secret_expires_at", OffsetDateTime.class)),
					rs.getString("application_object_id"),
					new GraphConnection.Schedule(GraphConnection.Schedule.Kind.valueOf(kind), interval,
							rs.getString("schedule_cron"), rs.getString("schedule_zone")),
					rs.getBoolean("refresh_fields"), rs.getString("notify_url"),
					instant(rs.getObject("next_run_at", OffsetDateTime.class)), json(rs.getString("last_test")),
					instant(rs.getObject("updated_at", OffsetDateTime.class)), rs.getString("users_delta_link"),
					instant(rs.getObject("full_scan_at", OffsetDateTime.class)));
		}, accountId).stream().findFirst();
	}

	public GraphConnection get(UUID accountId) {
		return find(accountId).orElseThrow(() -> Refusal.notFoundBecause(
				"Account " + accountId + " has no Entra connection yet: PUT its tenant ID, client ID, client secret"
						+ " and application object ID first"));
	}

	/**
	 * Saves the connection. Every problem is reported at once; nothing is saved when
	 * there is one.
	 */
	@Transactional
	public GraphConnection save(UUID accountId, Settings settings) {
		Optional<GraphConnection> current = find(accountId);
		List<String> problems = problems(settings, current.isPresent() && current.get().clientSecretSet());
		String accountTenant = this.accounts.get(accountId).getEntraTenantId();
		if (problems.isEmpty() && accountTenant != null
				&& !accountTenant.equalsIgnoreCase(settings.tenantId().trim())) {
			// Reading another tenant would import its people into this account.
			problems.add("tenantId " + settings.tenantId().trim() + " is not the account's Entra tenant ("
					+ accountTenant + "): give the tenant ID of the tenant this account is connected to, as a GUID");
		}
		if (!problems.isEmpty()) {
			throw Refusal.invalid(String.join("; ", problems));
		}
		String secret = blankToNull(settings.clientSecret());
		String objectId = blankToNull(settings.applicationObjectId());
		OffsetDateTime now = now();
		if (current.isEmpty()) {
			this.jdbc.update(
					"INSERT INTO graph_connection (account_id, tenant_id, client_id, client_secret,"
							+ " client_secret_hint, application_object_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
					accountId, settings.tenantId().trim(), settings.clientId().trim(), encrypt(secret), hint(secret),
					objectId, now);
		}
		else {
			boolean sameApp = current.get().tenantId().equalsIgnoreCase(settings.tenantId().trim())
					&& current.get().clientId().equalsIgnoreCase(settings.clientId().trim());
			// A new secret or another app makes the last test result and the known expiry
			// stale.
			boolean stale = secret != null || !sameApp;
			this.jdbc.update("UPDATE graph_connection SET tenant_id = ?, client_id = ?, application_object_id = ?,"
					+ " client_secret = coalesce(?, client_secret), client_secret_hint = coalesce(?, client_secret_hint),"
					+ " client_secret_expires_at = CASE WHEN ? THEN NULL ELSE client_secret_expires_at END,"
					+ " last_test = CASE WHEN ? THEN NULL ELSE last_test END,"
					+ " users_delta_link = CASE WHEN ? THEN users_delta_link END, updated_at = ? WHERE account_id = ?",
					settings.tenantId().trim(), settings.clientId().trim(), objectId, encrypt(secret), hint(secret),
					stale, stale, sameApp, now, accountId);
		}
		return get(accountId);
	}

	/** Problems of these settings, each one a sentence an administrator can act on. */
	static List<String> problems(Settings settings, boolean secretStored) {
		List<String> problems = new ArrayList<>();
		String tenant = blankToNull(settings.tenantId());
		if (tenant == null) {
			problems.add("tenantId is required: the Directory (tenant) ID from the app registration's Overview page");
		}
		else if (!GUID.matcher(tenant.trim()).matches() && !DOMAIN.matcher(tenant.trim()).matches()) {
			problems.add("tenantId '" + tenant + "' is neither a GUID nor a domain such as contoso.onmicrosoft.com");
		}
		String client = blankToNull(settings.clientId());
		if (client == null) {
			problems.add("clientId is required: the Application (client) ID from the app registration's Overview page");
		}
		else if (!GUID.matcher(client.trim()).matches()) {
			problems.add("clientId '" + client + "' is not a GUID (the Application (client) ID looks like"
					+ " 00000000-0000-0000-0000-000000000000)");
		}
		String secret = settings.clientSecret();
		if (secret == null && !secretStored) {
			problems
				.add("clientSecret is required: the secret's Value (not its Secret ID) from Certificates & secrets");
		}
		else if (secret != null && (secret.isBlank() || secret.length() > 1024)) {
			problems.add("clientSecret must be the secret's Value: not blank and at most 1024 characters");
		}
		else if (secret != null && GUID.matcher(secret.trim()).matches()) {
			problems.add(
					"clientSecret looks like the Secret ID; paste the secret's Value, shown only once when it was added");
		}
		String object = blankToNull(settings.applicationObjectId());
		if (object != null && !GUID.matcher(object.trim()).matches()) {
			problems.add("applicationObjectId '" + object + "' is not a GUID (the Object ID from the app registration's"
					+ " Overview page)");
		}
		return problems;
	}

	/** The decrypted client secret, for acquiring tokens only. */
	String clientSecret(UUID accountId) {
		byte[] stored = this.jdbc.queryForObject("SELECT client_secret FROM graph_connection WHERE account_id = ?",
				byte[].class, accountId);
		if (stored == null) {
			throw Refusal.invalid("The Entra connection has no client secret");
		}
		return new String(this.cipher.decrypt(stored), StandardCharsets.UTF_8);
	}

	@Transactional
	public GraphConnection saveRunSettings(UUID accountId, RunSettings settings) {
		get(accountId);
		List<String> problems = scheduleProblems(settings.schedule());
		String notify = blankToNull(settings.notifyUrl());
		if (notify != null && !(notify.startsWith("https://") || notify.startsWith("http://"))) {
			problems.add("notifyUrl must be an http(s) URL that accepts a JSON POST");
		}
		if (!problems.isEmpty()) {
			throw Refusal.invalid(String.join("; ", problems));
		}
		GraphConnection.Schedule schedule = settings.schedule();
		Instant next = nextRun(schedule, this.clock.instant());
		// Turning field refresh on must refresh every user once: the next run then reads
		// the whole tenant.
		this.jdbc.update(
				"UPDATE graph_connection SET schedule_kind = ?, schedule_interval_minutes = ?,"
						+ " schedule_cron = ?, schedule_zone = ?, next_run_at = ?,"
						+ " users_delta_link = CASE WHEN ? AND NOT refresh_fields THEN NULL ELSE users_delta_link END,"
						+ " refresh_fields = ?, notify_url = ?, updated_at = ? WHERE account_id = ?",
				schedule.kind().name().toLowerCase(Locale.ROOT), schedule.intervalMinutes(), schedule.cron(),
				zoneOf(schedule), time(next), settings.refreshFields(), settings.refreshFields(), notify, now(),
				accountId);
		return get(accountId);
	}

	static List<String> scheduleProblems(GraphConnection.Schedule schedule) {
		List<String> problems = new ArrayList<>();
		if (schedule == null || schedule.kind() == null) {
			problems.add("schedule.kind must be off, interval or cron");
			return problems;
		}
		if (schedule.kind() == GraphConnection.Schedule.Kind.INTERVAL) {
			Integer minutes = schedule.intervalMinutes();
			if (minutes == null || minutes < MIN_INTERVAL_MINUTES || minutes > MAX_INTERVAL_MINUTES) {
				problems.add("schedule.intervalMinutes must be between " + MIN_INTERVAL_MINUTES + " and "
						+ MAX_INTERVAL_MINUTES + " (31 days)");
			}
		}
		if (schedule.kind() == GraphConnection.Schedule.Kind.CRON) {
			if (schedule.cron() == null || !CronExpression.isValidExpression(schedule.cron())) {
				problems.add("schedule.cron '" + schedule.cron() + "' is not a cron expression with six fields"
						+ " (second minute hour day-of-month month day-of-week), e.g. \"0 0 2 * * *\" for 02:00 daily");
			}
		}
		try {
			ZoneId.of(zoneOf(schedule));
		}
		catch (java.time.DateTimeException ex) {
			problems.add("schedule.zone '" + schedule.zone() + "' is not a time zone such as UTC or Europe/Berlin");
		}
		return problems;
	}

	/** The next scheduled run after {@code after}, or null when the schedule is off. */
	static Instant nextRun(GraphConnection.Schedule schedule, Instant after) {
		return switch (schedule.kind()) {
			case OFF -> null;
			case INTERVAL -> after.plus(Duration.ofMinutes(schedule.intervalMinutes()));
			case CRON -> {
				ZonedDateTime next = CronExpression.parse(schedule.cron())
					.next(ZonedDateTime.ofInstant(after, ZoneId.of(zoneOf(schedule))));
				yield (next != null) ? next.toInstant() : null;
			}
		};
	}

	/**
	 * Moves an account's next scheduled run forward, if it is still the one that came
	 * due; true if this caller won it.
	 */
	boolean advance(UUID accountId, Instant due, Instant next) {
		return this.jdbc.update("UPDATE graph_connection SET next_run_at = ? WHERE account_id = ? AND next_run_at = ?",
				time(next), accountId, time(due)) == 1;
	}

	/**
	 * After a completed run: where the next incremental run starts, and when the last
	 * full read was.
	 */
	void rememberDelta(UUID accountId, String deltaLink, boolean fullScan) {
		this.jdbc.update(
				"UPDATE graph_connection SET users_delta_link = ?,"
						+ " full_scan_at = CASE WHEN ? THEN ? ELSE full_scan_at END WHERE account_id = ?",
				deltaLink, fullScan, now(), accountId);
	}

	void recordTest(UUID accountId, ConnectionTest.Result result) {
		this.jdbc.update(
				"UPDATE graph_connection SET last_test = cast(? AS jsonb),"
						+ " client_secret_expires_at = coalesce(?, client_secret_expires_at) WHERE account_id = ?",
				MAPPER.writeValueAsString(result), time(result.clientSecretExpiresAt()), accountId);
	}

	private byte[] encrypt(String secret) {
		return (secret != null) ? this.cipher.encrypt(secret.getBytes(StandardCharsets.UTF_8)) : null;
	}

	/**
	 * The first three characters, which the Azure portal also shows, to tell secrets
	 * apart.
	 */
	private static String hint(String secret) {
		return (secret != null) ? secret.substring(0, Math.min(3, secret.length())) : null;
	}

	private static String zoneOf(GraphConnection.Schedule schedule) {
		return (schedule.zone() != null && !schedule.zone().isBlank()) ? schedule.zone() : "UTC";
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	private OffsetDateTime now() {
		return time(this.clock.instant().truncatedTo(ChronoUnit.MICROS));
	}

	private static OffsetDateTime time(Instant instant) {
		return (instant != null) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
	}

	private static Instant instant(OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
	}

	private static ConnectionTest.Result json(String text) {
		if (text == null) {
			return null;
		}
		try {
			return MAPPER.readValue(text, ConnectionTest.Result.class);
		}
		catch (JacksonException ex) {
			// A result stored by an older version that no longer reads is as good as
			// none.
			return null;
		}
	}

}

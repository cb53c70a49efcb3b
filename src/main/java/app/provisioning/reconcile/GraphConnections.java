package app.provisioning.reconcile;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import app.provisioning.account.AccountService;
import app.provisioning.platform.Problem;
import app.provisioning.platform.Refusal;
import app.provisioning.platform.EncryptedColumn;
import app.provisioning.platform.SecretCipher;
import app.provisioning.platform.StoresEncryptedSecrets;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts' Entra connections (the app registration that reads Graph): read, saved with
 * the client secret encrypted, and where the next incremental run starts. The settings'
 * own checks are {@link ConnectionSettings}'s; the run settings are saved by
 * {@link ReconcileSettings}.
 */
@Service
public class GraphConnections implements StoresEncryptedSecrets {

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
					instant(rs.getObject("next_run_at", OffsetDateTime.class)),
					LastTestResults.read(rs.getString("last_test")),
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
	public GraphConnection save(UUID accountId, ConnectionSettings settings) {
		Optional<GraphConnection> current = find(accountId);
		List<Problem> problems = settings.problems(current.isPresent() && current.get().clientSecretSet());
		String accountTenant = this.accounts.get(accountId).getEntraTenantId();
		if (problems.isEmpty() && accountTenant != null
				&& !accountTenant.equalsIgnoreCase(settings.tenantId().trim())) {
			// Reading another tenant would import its people into this account.
			problems.add(Problem.at("/tenantId",
					"tenantId " + settings.tenantId().trim() + " is not the account's Entra tenant (" + accountTenant
							+ "): give the tenant ID of the tenant this account is connected to, as a GUID"));
		}
		if (!problems.isEmpty()) {
			throw Refusal.invalid(problems);
		}
		String secret = settings.givenSecret();
		String objectId = settings.givenObjectId();
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

	/** The decrypted client secret, for acquiring tokens only. */
	String clientSecret(UUID accountId) {
		byte[] stored = this.jdbc.queryForObject("SELECT client_secret FROM graph_connection WHERE account_id = ?",
				byte[].class, accountId);
		if (stored == null) {
			throw Refusal.invalid("The Entra connection has no client secret");
		}
		return new String(this.cipher.decrypt(stored), StandardCharsets.UTF_8);
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

	private byte[] encrypt(String secret) {
		return (secret != null) ? this.cipher.encrypt(secret.getBytes(StandardCharsets.UTF_8)) : null;
	}

	/**
	 * The first three characters, which the Azure portal also shows, to tell secrets
	 * apart.
	 */
	static String hint(String secret) {
		return (secret != null) ? secret.substring(0, Math.min(3, secret.length())) : null;
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

}

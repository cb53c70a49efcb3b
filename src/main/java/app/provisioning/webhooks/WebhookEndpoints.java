package app.provisioning.webhooks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import app.provisioning.account.AccountService;
import app.provisioning.platform.Problems;
import app.provisioning.platform.Refusal;
import app.provisioning.mapping.feed.ChangeFeed;
import app.provisioning.platform.EncryptedColumn;
import app.provisioning.platform.SecretCipher;
import app.provisioning.platform.StoresEncryptedSecrets;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** An account's webhook endpoints: registering, changing, rotating secrets, removing. */
@Service
public class WebhookEndpoints implements StoresEncryptedSecrets {

	static final int MAX_DESCRIPTION = 500;

	static final int MAX_ENDPOINTS = 20;

	private final JdbcTemplate jdbc;

	private final SecretCipher cipher;

	private final AccountService accounts;

	private final ChangeFeed feed;

	private final EndpointAddressPolicy policy;

	private final WebhooksProperties properties;

	private final Clock clock;

	WebhookEndpoints(JdbcTemplate jdbc, SecretCipher cipher, AccountService accounts, ChangeFeed feed,
			EndpointAddressPolicy policy, WebhooksProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.accounts = accounts;
		this.feed = feed;
		this.policy = policy;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public EncryptedColumn encryptedColumn() {
		return new EncryptedColumn("webhook_endpoint", "id", "secret");
	}

	/**
	 * What an administrator sends to create or change an endpoint; null fields are left
	 * as they are.
	 */
	public record Changes(String url, String description, List<String> eventTypes, Boolean enabled) {
	}

	@Transactional(readOnly = true)
	public List<WebhookEndpoint> list(UUID accountId) {
		this.accounts.get(accountId);
		return this.jdbc.query("SELECT * FROM webhook_endpoint WHERE account_id = ? ORDER BY created_at, id",
				WebhookEndpoints::endpoint, accountId);
	}

	@Transactional(readOnly = true)
	public WebhookEndpoint get(UUID accountId, UUID endpointId) {
		this.accounts.get(accountId);
		return this.jdbc
			.query("SELECT * FROM webhook_endpoint WHERE account_id = ? AND id = ?", WebhookEndpoints::endpoint,
					accountId, endpointId)
			.stream()
			.findFirst()
			.orElseThrow(() -> Refusal.notFound("Webhook endpoint " + endpointId));
	}

	/**
	 * A new endpoint receives the events that happen from now on (it starts at the feed's
	 * head).
	 */
	@Transactional
	public WebhookEndpoint.WithSecret create(UUID accountId, Changes request) {
		this.accounts.get(accountId);
		Problems problems = new Problems();
		String url = null;
		if (request == null || request.url() == null) {
			problems.add("/url", "url is missing");
		}
		else {
			url = checkedUrl(request.url(), problems);
		}
		String description = checkedDescription((request != null) ? request.description() : null, problems);
		List<String> types = checkedTypes((request != null) ? request.eventTypes() : null, problems);
		problems.refuseIfAny();
		Integer count = this.jdbc.queryForObject("SELECT count(*) FROM webhook_endpoint WHERE account_id = ?",
				Integer.class, accountId);
		if (count >= MAX_ENDPOINTS) {
			throw Refusal
				.conflict("An account can have at most " + MAX_ENDPOINTS + " webhook endpoints; remove one first");
		}
		UUID id = UUID.randomUUID();
		WebhookSecret secret = WebhookSecret.generate();
		boolean enabled = (request.enabled() == null) || request.enabled();
		this.jdbc.update(
				"INSERT INTO webhook_endpoint (id, account_id, url, description, event_types, enabled,"
						+ " disabled_reason, disabled_at, secret, feed_position, created_at, updated_at)"
						+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				id, accountId, url, description, textArray(types), enabled,
				enabled ? null : "Disabled by an administrator", enabled ? null : now(), encrypt(secret),
				this.feed.headPosition(), now(), now());
		return new WebhookEndpoint.WithSecret(get(accountId, id), secret.text());
	}

	/**
	 * Changes what the request names. Enabling again clears the reason and the failure
	 * clock.
	 */
	@Transactional
	public WebhookEndpoint update(UUID accountId, UUID endpointId, Changes request) {
		WebhookEndpoint current = get(accountId, endpointId);
		if (request == null) {
			return current;
		}
		Problems problems = new Problems();
		String url = (request.url() != null) ? checkedUrl(request.url(), problems) : current.url();
		String description = (request.description() != null) ? checkedDescription(request.description(), problems)
				: current.description();
		List<String> types = (request.eventTypes() != null) ? checkedTypes(request.eventTypes(), problems)
				: current.eventTypes();
		problems.refuseIfAny();
		this.jdbc.update("UPDATE webhook_endpoint SET url = ?, description = ?, event_types = ?, updated_at = ?"
				+ " WHERE id = ?", url, description, textArray(types), now(), endpointId);
		if (Boolean.TRUE.equals(request.enabled()) && !current.enabled()) {
			this.jdbc.update("UPDATE webhook_endpoint SET enabled = true, disabled_reason = null, disabled_at = null,"
					+ " failing_since = null WHERE id = ?", endpointId);
		}
		else if (Boolean.FALSE.equals(request.enabled()) && current.enabled()) {
			disable(endpointId, "Disabled by an administrator");
		}
		return get(accountId, endpointId);
	}

	/** Removes the endpoint, its queued deliveries and its delivery log. */
	@Transactional
	public void delete(UUID accountId, UUID endpointId) {
		get(accountId, endpointId);
		this.jdbc.update("DELETE FROM webhook_endpoint WHERE id = ?", endpointId);
	}

	/**
	 * A new secret signs from now on; the one it replaces keeps signing too until the
	 * overlap ends, so receivers can switch without losing a delivery.
	 */
	@Transactional
	public WebhookEndpoint.WithSecret rotateSecret(UUID accountId, UUID endpointId) {
		get(accountId, endpointId);
		WebhookSecret secret = WebhookSecret.generate();
		Instant overlapEnds = this.clock.instant().plus(this.properties.secretOverlap());
		this.jdbc.update(
				"UPDATE webhook_endpoint SET previous_secret = secret, previous_secret_expires_at = ?,"
						+ " secret = ?, updated_at = ? WHERE id = ?",
				utc(overlapEnds), encrypt(secret), now(), endpointId);
		return new WebhookEndpoint.WithSecret(get(accountId, endpointId), secret.text());
	}

	/** Stops deliveries to an endpoint and cancels what it still had queued. */
	void disable(UUID endpointId, String reason) {
		this.jdbc.update("UPDATE webhook_endpoint SET enabled = false, disabled_reason = ?, disabled_at = ?,"
				+ " updated_at = ? WHERE id = ? AND enabled", reason, now(), now(), endpointId);
		this.jdbc.update(
				"UPDATE webhook_delivery SET state = 'cancelled', lease_until = null,"
						+ " last_error = coalesce(last_error, ?) WHERE endpoint_id = ? AND state = 'pending'",
				"Cancelled: " + reason, endpointId);
	}

	/**
	 * The secrets that sign a delivery now: the current one, and the previous during the
	 * overlap.
	 */
	List<WebhookSecret> signingSecrets(byte[] secret, byte[] previous, Instant previousExpiresAt) {
		List<WebhookSecret> secrets = new ArrayList<>(2);
		secrets.add(decrypt(secret));
		if (previous != null && previousExpiresAt != null && previousExpiresAt.isAfter(this.clock.instant())) {
			secrets.add(decrypt(previous));
		}
		return secrets;
	}

	private WebhookSecret decrypt(byte[] stored) {
		return WebhookSecret.parse(new String(this.cipher.decrypt(stored), StandardCharsets.UTF_8));
	}

	private byte[] encrypt(WebhookSecret secret) {
		return this.cipher.encrypt(secret.text().getBytes(StandardCharsets.UTF_8));
	}

	private String checkedUrl(String url, Problems problems) {
		try {
			this.policy.checkUrl(url);
		}
		catch (RefusedEndpointException ex) {
			String message = ex.getMessage();
			problems.add("/url", message.startsWith("url") ? message : "url: " + message);
			return null;
		}
		return URI.create(url).toString();
	}

	private static String checkedDescription(String description, Problems problems) {
		if (description == null) {
			return "";
		}
		if (description.length() > MAX_DESCRIPTION) {
			problems.add("/description",
					"description must be at most " + MAX_DESCRIPTION + " characters, not " + description.length());
		}
		if (description.chars().anyMatch((c) -> Character.isISOControl(c) && c != '\n')) {
			problems.add("/description", "description must not contain control characters");
		}
		return description;
	}

	/** Each unknown type is named at its place in the list. */
	private static List<String> checkedTypes(List<String> types, Problems problems) {
		if (types == null) {
			return List.of();
		}
		LinkedHashSet<String> unique = new LinkedHashSet<>();
		for (int i = 0; i < types.size(); i++) {
			String type = types.get(i);
			if (type == null || !EventTypes.KNOWN.contains(type)) {
				problems.add("/eventTypes/" + i, "eventTypes: '" + type + "' is not an event type; known types: "
						+ String.join(", ", EventTypes.KNOWN) + " (an empty list means all)");
			}
			else {
				unique.add(type);
			}
		}
		return List.copyOf(unique);
	}

	private static String[] textArray(List<String> types) {
		return types.toArray(String[]::new);
	}

	private OffsetDateTime now() {
		return utc(this.clock.instant());
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	static WebhookEndpoint endpoint(ResultSet rs, int n) throws SQLException {
		Array types = rs.getArray("event_types");
		return new WebhookEndpoint(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
				rs.getString("url"), rs.getString("description"), Arrays.asList((String[]) types.getArray()),
				rs.getBoolean("enabled"), rs.getString("disabled_reason"), instant(rs, "disabled_at"),
				instant(rs, "failing_since"), instant(rs, "previous_secret_expires_at"), instant(rs, "created_at"),
				instant(rs, "updated_at"));
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}

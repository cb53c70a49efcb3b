package app.provisioning.account.oauth;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.platform.Refusal;
import app.provisioning.platform.EncryptedColumn;
import app.provisioning.platform.SecretCipher;
import app.provisioning.platform.StoresEncryptedSecrets;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The RSA keys that sign our access tokens, kept in PostgreSQL (private part encrypted)
 * so tokens survive restarts and verify on every instance. One key signs; after a
 * rotation the previous key stays published until every token it signed has expired.
 */
@Service
public class SigningKeys implements StoresEncryptedSecrets {

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	/**
	 * Other instances see a rotation within this time; an unknown kid triggers an earlier
	 * reload.
	 */
	private static final Duration CACHE_TIME = Duration.ofSeconds(30);

	/** Tokens with made-up key ids must not turn every request into a database read. */
	private static final Duration MIN_RELOAD_INTERVAL = Duration.ofSeconds(5);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final SecretCipher cipher;

	private final OAuthProperties properties;

	private final Clock clock;

	private volatile Loaded loaded;

	SigningKeys(JdbcTemplate jdbc, TransactionTemplate transactions, SecretCipher cipher, OAuthProperties properties,
			Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.cipher = cipher;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public EncryptedColumn encryptedColumn() {
		return new EncryptedColumn("signing_key", "kid", "private_key_encrypted");
	}

	/** A key as the administration API shows it (never the private part). */
	public record KeyInfo(String kid, Instant createdAt, Instant retireAt, boolean signing) {
	}

	private record StoredKey(RSAKey key, Instant createdAt, Instant retireAt) {
	}

	private record Loaded(List<StoredKey> keys, Instant loadedAt) {
	}

	/** The key that signs new tokens; created on first use. */
	RSAKey signingKey() {
		StoredKey current = current(false);
		if (current == null) {
			current = current(true);
		}
		if (current == null) {
			createKey();
			current = current(true);
		}
		return current.key();
	}

	/** Verification keys: every key still published. */
	JWKSource<SecurityContext> verificationKeys() {
		return (selector, context) -> {
			List<JWK> found = select(selector, false);
			Loaded current = this.loaded;
			boolean mayReload = current == null
					|| current.loadedAt().plus(MIN_RELOAD_INTERVAL).isBefore(this.clock.instant());
			return (found.isEmpty() && mayReload) ? select(selector, true) : found;
		};
	}

	JWKSet publicKeySet() {
		List<JWK> keys = new ArrayList<>();
		for (StoredKey stored : published(false)) {
			keys.add(stored.key().toPublicJWK());
		}
		return new JWKSet(keys);
	}

	public List<KeyInfo> list() {
		StoredKey current = current(true);
		List<KeyInfo> keys = new ArrayList<>();
		for (StoredKey stored : load(true).keys()) {
			keys.add(new KeyInfo(stored.key().getKeyID(), stored.createdAt(), stored.retireAt(),
					current != null && current.key().getKeyID().equals(stored.key().getKeyID())));
		}
		return keys;
	}

	/**
	 * A new signing key; the previous one keeps verifying until its tokens have expired
	 * (token lifetime plus five minutes).
	 */
	public KeyInfo rotate() {
		Instant retireAt = this.clock.instant().plus(this.properties.keyOverlap());
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.execute("SELECT pg_advisory_xact_lock(7312001)");
			this.jdbc.update("UPDATE signing_key SET retire_at = ? WHERE retire_at IS NULL",
					OffsetDateTime.ofInstant(retireAt, ZoneOffset.UTC));
			insertKey();
		});
		this.loaded = null;
		StoredKey current = current(true);
		log.info("Signing key rotated: {} signs from now on; previous keys are published until {}",
				current.key().getKeyID(), retireAt);
		return new KeyInfo(current.key().getKeyID(), current.createdAt(), null, true);
	}

	/** Stops publishing a key at once: every token it signed is refused from now on. */
	public void retire(String kid) {
		StoredKey current = current(true);
		if (current != null && current.key().getKeyID().equals(kid)) {
			throw Refusal.conflict("Key " + kid + " signs new tokens; rotate first, then retire it");
		}
		int updated = this.jdbc.update("UPDATE signing_key SET retire_at = ? WHERE kid = ?",
				OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC), kid);
		if (updated == 0) {
			throw Refusal.notFound("Signing key " + kid);
		}
		this.loaded = null;
	}

	private List<JWK> select(JWKSelector selector, boolean reload) {
		List<JWK> keys = new ArrayList<>();
		for (StoredKey stored : published(reload)) {
			keys.add(stored.key());
		}
		return selector.select(new JWKSet(keys));
	}

	private List<StoredKey> published(boolean reload) {
		Instant now = this.clock.instant();
		return load(reload).keys()
			.stream()
			.filter((stored) -> stored.retireAt() == null || stored.retireAt().isAfter(now))
			.toList();
	}

	private StoredKey current(boolean reload) {
		return load(reload).keys()
			.stream()
			.filter((stored) -> stored.retireAt() == null)
			.reduce((a, b) -> b)
			.orElse(null);
	}

	private void createKey() {
		this.transactions.executeWithoutResult((status) -> {
			// Two instances starting together must not both create the first key.
			this.jdbc.execute("SELECT pg_advisory_xact_lock(7312001)");
			Integer active = this.jdbc.queryForObject("SELECT count(*) FROM signing_key WHERE retire_at IS NULL",
					Integer.class);
			if (active == null || active == 0) {
				insertKey();
			}
		});
		this.loaded = null;
	}

	private void insertKey() {
		try {
			RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
			this.jdbc.update(
					"INSERT INTO signing_key (kid, public_jwk, private_key_encrypted, created_at) VALUES (?, ?, ?, ?)",
					key.getKeyID(), key.toPublicJWK().toJSONString(),
					this.cipher.encrypt(key.toJSONString().getBytes(StandardCharsets.UTF_8)),
					OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot generate an RSA signing key", ex);
		}
	}

	private Loaded load(boolean reload) {
		Loaded current = this.loaded;
		Instant now = this.clock.instant();
		if (!reload && current != null && current.loadedAt().plus(CACHE_TIME).isAfter(now)) {
			return current;
		}
		List<StoredKey> keys = this.jdbc.query(
				"SELECT kid, private_key_encrypted, created_at, retire_at FROM signing_key ORDER BY created_at, kid",
				(rs, n) -> {
					OffsetDateTime retire = rs.getObject("retire_at", OffsetDateTime.class);
					return new StoredKey(parse(this.cipher.decrypt(rs.getBytes("private_key_encrypted"))),
							rs.getObject("created_at", OffsetDateTime.class).toInstant(),
							(retire != null) ? retire.toInstant() : null);
				});
		Loaded fresh = new Loaded(keys, now);
		this.loaded = fresh;
		return fresh;
	}

	private static RSAKey parse(byte[] json) {
		try {
			return RSAKey.parse(new String(json, StandardCharsets.UTF_8));
		}
		catch (ParseException ex) {
			throw new IllegalStateException("A stored signing key is unreadable", ex);
		}
	}

}

package app.provisioning.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import app.provisioning.platform.Refusal;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keys an account's administrators issue for their own automation: one account, one role,
 * an expiry.
 */
@Service
public class AccountApiKeyService {

	/** How long a key lives when its issuer does not say. */
	public static final Duration DEFAULT_LIFETIME = Duration.ofDays(365);

	/** The longest a key may live: a forgotten key must run out some day. */
	public static final Duration MAX_LIFETIME = Duration.ofDays(2 * 365);

	private static final int MAX_LABEL_LENGTH = 200;

	private final AccountApiKeyRepository keys;

	private final AccountService accounts;

	private final Clock clock;

	AccountApiKeyService(AccountApiKeyRepository keys, AccountService accounts, Clock clock) {
		this.keys = keys;
		this.accounts = accounts;
		this.clock = clock;
	}

	/** A key as issued: {@code key} is the only copy of the secret that ever exists. */
	public record IssuedKey(AccountApiKey apiKey, String key) {
	}

	@Transactional
	public IssuedKey issue(UUID accountId, String label, String role, Instant expiresAt, AccountAccess issuer) {
		this.accounts.get(accountId);
		if (issuer.apiKey()) {
			// A leaked key must not be able to outlive its own revocation through keys it
			// made.
			throw Refusal.forbidden(
					"API keys cannot issue API keys; a member of the account (signed in) or the operator issues them");
		}
		AccountRole keyRole = AccountRole.parse((role == null) ? AccountRole.VIEWER.value() : role, "role");
		if (keyRole == AccountRole.OWNER) {
			throw Refusal.invalid("role must be administrator or viewer: members are managed by people"
					+ " who sign in, not by keys");
		}
		if (!issuer.roleIn(accountId).map((held) -> held.includes(keyRole)).orElse(false)) {
			throw Refusal.forbidden("A key cannot have a higher role than whoever issues it");
		}
		String name = (label == null || label.isBlank()) ? "api key" : label.trim();
		if (name.length() > MAX_LABEL_LENGTH) {
			throw Refusal.invalid("label is longer than " + MAX_LABEL_LENGTH + " characters");
		}
		Instant now = now();
		Instant expires = (expiresAt != null) ? expiresAt : now.plus(DEFAULT_LIFETIME);
		if (!expires.isAfter(now)) {
			throw Refusal.invalid("expiresAt must be in the future; it is " + expires);
		}
		if (expires.isAfter(now.plus(MAX_LIFETIME))) {
			throw Refusal.invalid("expiresAt must be within " + MAX_LIFETIME.toDays() + " days (by "
					+ now.plus(MAX_LIFETIME).truncatedTo(ChronoUnit.SECONDS)
					+ "); issue a new key before this one runs out");
		}
		String key = Secrets.generate();
		AccountApiKey saved = this.keys.save(new AccountApiKey(accountId, name, keyRole, TokenHasher.hash(key), now,
				issuer.actor(), issuer.person(), expires));
		return new IssuedKey(saved, key);
	}

	@Transactional(readOnly = true)
	public List<AccountApiKey> list(UUID accountId) {
		this.accounts.get(accountId);
		return this.keys.findByAccountIdOrderByCreatedAt(accountId);
	}

	@Transactional
	public AccountApiKey revoke(UUID accountId, UUID keyId) {
		AccountApiKey key = this.keys.findByIdAndAccountId(keyId, accountId)
			.orElseThrow(() -> Refusal.notFound("API key " + keyId + " of account " + accountId));
		key.revoke(now());
		return key;
	}

	/**
	 * Revokes the keys a member issued in an account: they left it, or may no longer
	 * issue keys.
	 */
	@Transactional
	void revokeIssuedBy(UUID accountId, UUID objectId) {
		this.keys.revokeIssuedBy(accountId, objectId, now());
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}

package app.provisioning.account;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * SCIM secret tokens this instance has recently authenticated, by their hash, so that a
 * busy tenant's requests do not each read the credential and the account. Only valid
 * tokens are remembered (an unknown token cannot fill the cache). Changes made through
 * this instance take effect at once; changes made through another within
 * {@link TokenCacheProperties#ttl()}.
 */
@Component
class KnownTokens {

	/**
	 * What authentication needs of a valid token; {@code lastUseRecorded} avoids a write
	 * per request.
	 */
	record KnownToken(UUID credentialId, byte[] tokenHash, Instant expiresAt, ScimCaller caller,
			AtomicReference<Instant> lastUseRecorded) {

		boolean isUsableAt(Instant now) {
			return this.expiresAt == null || now.isBefore(this.expiresAt);
		}

	}

	private final Cache<ByteBuffer, KnownToken> tokens;

	private final boolean enabled;

	KnownTokens(TokenCacheProperties properties) {
		this.enabled = !properties.ttl().isZero();
		this.tokens = Caffeine.newBuilder()
			.maximumSize(properties.maxEntries())
			.expireAfterWrite(properties.ttl())
			.build();
	}

	Optional<KnownToken> find(byte[] tokenHash) {
		return Optional.ofNullable(this.tokens.getIfPresent(ByteBuffer.wrap(tokenHash)));
	}

	void remember(KnownToken token) {
		if (!this.enabled) {
			return;
		}
		this.tokens.put(ByteBuffer.wrap(token.tokenHash()), token);
	}

	/**
	 * Forgets the account's tokens once the caller's transaction commits (at once without
	 * one), so that no request in between can read the old state back into the cache.
	 */
	void forgetAccount(UUID accountId) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					forgetNow(accountId);
				}
			});
		}
		forgetNow(accountId);
	}

	private void forgetNow(UUID accountId) {
		this.tokens.asMap().values().removeIf((token) -> token.caller().accountId().equals(accountId));
	}

}

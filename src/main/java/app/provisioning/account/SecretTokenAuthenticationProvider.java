package app.provisioning.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Authenticates an account's long-lived secret token. The token is looked up by its SHA-256
 * hash and the hash compared in constant time. Returns null for tokens it does not know, so
 * the next provider (Entra-issued JWTs) can try.
 */
class SecretTokenAuthenticationProvider implements AuthenticationProvider {

	/** Last use is written at most this often per token, not on every request. */
	private static final Duration LAST_USE_GRANULARITY = Duration.ofMinutes(1);

	private final ScimCredentialRepository credentials;

	private final AccountRepository accounts;

	private final TransactionTemplate transactions;

	private final Clock clock;

	SecretTokenAuthenticationProvider(ScimCredentialRepository credentials, AccountRepository accounts,
			TransactionTemplate transactions, Clock clock) {
		this.credentials = credentials;
		this.accounts = accounts;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String token = ((BearerTokenAuthenticationToken) authentication).getToken();
		byte[] hash = TokenHasher.hash(token);
		Optional<ScimCredential> found = this.credentials.findByTokenHash(hash)
			.filter((credential) -> TokenHasher.sameHash(hash, credential.getTokenHash()));
		if (found.isEmpty()) {
			if (EntraJwtAuthenticationProvider.looksLikeJwt(token)) {
				return null;
			}
			throw new BadCredentialsException(
					"The bearer token is not a secret token of any account (unknown, revoked or mistyped)");
		}
		ScimCredential credential = found.get();
		Instant now = this.clock.instant();
		if (credential.getRevokedAt() != null) {
			throw new BadCredentialsException("This secret token was revoked at " + credential.getRevokedAt()
					+ "; enter a current token in the Azure portal");
		}
		if (!credential.isUsableAt(now)) {
			throw new BadCredentialsException("This secret token expired at " + credential.getExpiresAt()
					+ "; issue a new one and enter it in the Azure portal");
		}
		Account account = this.accounts.findById(credential.getAccountId())
			.orElseThrow(() -> new BadCredentialsException("The token's account no longer exists"));
		recordUse(credential, now);
		return new ScimAuthentication(ScimCaller.of(account, "secret token " + credential.getLabel()));
	}

	private void recordUse(ScimCredential credential, Instant now) {
		if (credential.getLastUsedAt() == null || credential.getLastUsedAt().isBefore(now.minus(LAST_USE_GRANULARITY))) {
			this.transactions.executeWithoutResult((status) -> this.credentials.recordUse(credential.getId(), now));
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}

}

package app.provisioning.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Authenticates an account's long-lived secret token. The token is looked up by its
 * SHA-256 hash (first among the tokens this instance recently accepted) and the hash
 * compared in constant time. Returns null for tokens it does not know, so the next
 * provider (Entra-issued JWTs) can try.
 */
class SecretTokenAuthenticationProvider implements AuthenticationProvider {

	/** Last use is written at most this often per token, not on every request. */
	private static final Duration LAST_USE_GRANULARITY = Duration.ofMinutes(1);

	private final ScimCredentialRepository credentials;

	private final AccountRepository accounts;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final KnownTokens known;

	SecretTokenAuthenticationProvider(ScimCredentialRepository credentials, AccountRepository accounts,
			TransactionTemplate transactions, Clock clock, KnownTokens known) {
		this.credentials = credentials;
		this.accounts = accounts;
		this.transactions = transactions;
		this.clock = clock;
		this.known = known;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String token = ((BearerTokenAuthenticationToken) authentication).getToken();
		byte[] hash = TokenHasher.hash(token);
		Optional<KnownTokens.KnownToken> remembered = this.known.find(hash)
			.filter((candidate) -> TokenHasher.sameHash(hash, candidate.tokenHash()));
		if (remembered.isPresent() && remembered.get().isUsableAt(this.clock.instant())) {
			KnownTokens.KnownToken known = remembered.get();
			recordUse(known, this.clock.instant());
			return new ScimAuthentication(known.caller());
		}
		Optional<ScimCredential> found = CredentialReads.read(() -> this.credentials.findByTokenHash(hash))
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
		Account account = CredentialReads.read(() -> this.accounts.findById(credential.getAccountId()))
			.orElseThrow(() -> new BadCredentialsException("The token's account no longer exists"));
		KnownTokens.KnownToken valid = new KnownTokens.KnownToken(credential.getId(), hash, credential.getExpiresAt(),
				ScimCaller.of(account, "secret token " + credential.getLabel()),
				new AtomicReference<>(credential.getLastUsedAt()));
		recordUse(valid, now);
		this.known.remember(valid);
		return new ScimAuthentication(valid.caller());
	}

	private void recordUse(KnownTokens.KnownToken token, Instant now) {
		Instant last = token.lastUseRecorded().get();
		if ((last == null || last.isBefore(now.minus(LAST_USE_GRANULARITY)))
				&& token.lastUseRecorded().compareAndSet(last, now)) {
			CredentialReads.write(() -> this.transactions
				.executeWithoutResult((status) -> this.credentials.recordUse(token.credentialId(), now)));
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}

}

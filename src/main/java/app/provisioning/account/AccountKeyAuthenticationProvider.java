package app.provisioning.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Authenticates account API keys: the caller acts in the key's account only, with the
 * key's role.
 */
class AccountKeyAuthenticationProvider implements AuthenticationProvider {

	static final String MEMBER = "ACCOUNT_MEMBER";

	private static final Duration LAST_USE_GRANULARITY = Duration.ofMinutes(1);

	private final AccountApiKeyRepository keys;

	private final TransactionTemplate transactions;

	private final Clock clock;

	AccountKeyAuthenticationProvider(AccountApiKeyRepository keys, TransactionTemplate transactions, Clock clock) {
		this.keys = keys;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String presented = ((BearerTokenAuthenticationToken) authentication).getToken();
		byte[] hash = TokenHasher.hash(presented);
		AccountApiKey key = CredentialReads.read(() -> this.keys.findByKeyHash(hash))
			.filter((candidate) -> TokenHasher.sameHash(hash, candidate.getKeyHash()))
			.orElseThrow(() -> new BadCredentialsException("Not a valid admin key or account API key"));
		Instant now = this.clock.instant();
		if (key.getRevokedAt() != null) {
			throw new BadCredentialsException("This account API key was revoked at " + key.getRevokedAt());
		}
		if (!key.isUsableAt(now)) {
			throw new BadCredentialsException("This account API key expired at " + key.getExpiresAt()
					+ "; an administrator of the account can issue a new one");
		}
		if (key.getLastUsedAt() == null || key.getLastUsedAt().isBefore(now.minus(LAST_USE_GRANULARITY))) {
			CredentialReads
				.write(() -> this.transactions.executeWithoutResult((status) -> this.keys.recordUse(key.getId(), now)));
		}
		AccountAccess access = AccountAccess.apiKey("api key " + key.getLabel() + " (" + key.getId() + ")",
				key.getAccountId(), key.getRole());
		return UsernamePasswordAuthenticationToken.authenticated(access, null,
				List.of(new SimpleGrantedAuthority(MEMBER)));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}

}

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
 * Authenticates administration API keys. SCIM credentials are unknown here, and so
 * refused.
 */
class AdminKeyAuthenticationProvider implements AuthenticationProvider {

	static final String ADMIN = "ADMIN";

	private static final Duration LAST_USE_GRANULARITY = Duration.ofMinutes(1);

	private final AdminKeyRepository keys;

	private final TransactionTemplate transactions;

	private final Clock clock;

	AdminKeyAuthenticationProvider(AdminKeyRepository keys, TransactionTemplate transactions, Clock clock) {
		this.keys = keys;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String presented = ((BearerTokenAuthenticationToken) authentication).getToken();
		byte[] hash = TokenHasher.hash(presented);
		AdminKey key = CredentialReads.read(() -> this.keys.findByKeyHash(hash))
			.filter((candidate) -> TokenHasher.sameHash(hash, candidate.getKeyHash()))
			.orElseThrow(() -> new BadCredentialsException("Not a valid admin key"));
		if (!key.isUsable()) {
			throw new BadCredentialsException("This admin key was revoked at " + key.getRevokedAt());
		}
		Instant now = this.clock.instant();
		if (key.getLastUsedAt() == null || key.getLastUsedAt().isBefore(now.minus(LAST_USE_GRANULARITY))) {
			CredentialReads
				.write(() -> this.transactions.executeWithoutResult((status) -> this.keys.recordUse(key.getId(), now)));
		}
		return UsernamePasswordAuthenticationToken.authenticated(AccountAccess.operator("admin key " + key.getLabel()),
				null, List.of(new SimpleGrantedAuthority(ADMIN)));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}

}

package app.provisioning.account;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import app.provisioning.platform.SecretCipher;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sign-in to the administration pages with an admin key. The session lives in a cookie the
 * server encrypts and authenticates (AES-GCM with the server's encryption key), so any instance
 * of a cluster accepts it and nothing is kept in memory; revoking the admin key ends it.
 */
@Component
public class ConsoleSessions {

	public static final String COOKIE = "console_session";

	public static final Duration LIFETIME = Duration.ofHours(8);

	private final AdminKeyAuthenticationProvider keys;

	private final AdminKeyRepository repository;

	private final SecretCipher cipher;

	private final Clock clock;

	ConsoleSessions(AdminKeyRepository repository, TransactionTemplate transactions, SecretCipher cipher, Clock clock) {
		this.keys = new AdminKeyAuthenticationProvider(repository, transactions, clock);
		this.repository = repository;
		this.cipher = cipher;
		this.clock = clock;
	}

	/** The cookie value for a valid admin key, or empty. */
	public Optional<String> signIn(String adminKey) {
		if (adminKey == null || adminKey.isBlank()) {
			return Optional.empty();
		}
		try {
			this.keys.authenticate(new BearerTokenAuthenticationToken(adminKey.trim()));
		}
		catch (AuthenticationServiceException ex) {
			// The database could not be asked: not a wrong key, so the page must not say it is one.
			throw ex;
		}
		catch (AuthenticationException ex) {
			return Optional.empty();
		}
		byte[] hash = TokenHasher.hash(adminKey.trim());
		AdminKey key = this.repository.findByKeyHash(hash).orElseThrow();
		String payload = key.getId() + "|" + this.clock.instant().plus(LIFETIME).getEpochSecond();
		return Optional.of(Base64.getUrlEncoder().withoutPadding()
			.encodeToString(this.cipher.encrypt(payload.getBytes(StandardCharsets.UTF_8))));
	}

	/** The signed-in administrator of a cookie that this server issued, has not expired, and whose key is usable. */
	Optional<Authentication> authenticate(String cookie) {
		String payload;
		try {
			payload = new String(this.cipher.decrypt(Base64.getUrlDecoder().decode(cookie)), StandardCharsets.UTF_8);
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
		String[] parts = payload.split("\\|");
		if (parts.length != 2) {
			return Optional.empty();
		}
		Instant expires;
		UUID keyId;
		try {
			keyId = UUID.fromString(parts[0]);
			expires = Instant.ofEpochSecond(Long.parseLong(parts[1]));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		if (!expires.isAfter(this.clock.instant())) {
			return Optional.empty();
		}
		return this.repository.findById(keyId)
			.filter(AdminKey::isUsable)
			.map((key) -> UsernamePasswordAuthenticationToken.authenticated(AccountAccess.operator("admin key " + key.getLabel()), null,
					List.of(new SimpleGrantedAuthority(AdminKeyAuthenticationProvider.ADMIN))));
	}

}

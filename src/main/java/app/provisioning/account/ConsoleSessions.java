package app.provisioning.account;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import app.provisioning.platform.SecretCipher;

import org.springframework.http.ResponseCookie;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sessions of the administration pages: the operator's (signed in with an admin key) and
 * members' (signed in with Microsoft). A session lives in a cookie the server encrypts
 * and authenticates (AES-GCM with the server's encryption key), so any instance of a
 * cluster accepts it and nothing is kept in memory. Each sign-in makes a new cookie. A
 * session ends at its absolute lifetime, after the idle timeout, when its admin key is
 * revoked, when the member leaves every account or signs out everywhere; a member's roles
 * are read afresh on every request.
 */
@Component
public class ConsoleSessions {

	public static final String COOKIE = "console_session";

	// The cookie is written again at most this often while the session is in use, to move
	// its idle deadline: not on every request.
	private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

	private static final String OPERATOR = "k";

	private static final String MEMBER = "m";

	private final AdminKeyAuthenticationProvider keys;

	private final AdminKeyRepository repository;

	private final AccountMembers members;

	private final SecretCipher cipher;

	private final ConsoleSessionProperties properties;

	private final Clock clock;

	ConsoleSessions(AdminKeyRepository repository, AccountMembers members, TransactionTemplate transactions,
			SecretCipher cipher, ConsoleSessionProperties properties, Clock clock) {
		this.keys = new AdminKeyAuthenticationProvider(repository, transactions, clock);
		this.repository = repository;
		this.members = members;
		this.cipher = cipher;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * An authenticated session, and the cookie to send back when its idle deadline moved.
	 */
	record Session(Authentication authentication, Optional<String> touched) {
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
			// The database could not be asked: not a wrong key, so the page must not say
			// it is one.
			throw ex;
		}
		catch (AuthenticationException ex) {
			return Optional.empty();
		}
		AdminKey key = this.repository.findByKeyHash(TokenHasher.hash(adminKey.trim())).orElseThrow();
		Instant now = this.clock.instant();
		return Optional.of(seal(OPERATOR, key.getId().toString(), now, now));
	}

	/**
	 * The cookie value for a person who signed in with Microsoft, and the sign-in rules
	 * that let them in.
	 */
	String signIn(SignedInPerson person, List<UUID> rules) {
		Instant now = this.clock.instant();
		String ruleIds = rules.isEmpty() ? "-" : rules.stream().map(UUID::toString).collect(Collectors.joining(","));
		return seal(MEMBER, person.tenantId() + "|" + person.objectId() + "|" + ruleIds, now, now);
	}

	/** The session cookie with this value, scoped to the administration pages. */
	public ResponseCookie cookie(String value, HttpServletRequest request) {
		return ResponseCookie.from(COOKIE, value)
			.httpOnly(true)
			.secure(request.isSecure())
			.sameSite("Strict")
			.path("/admin")
			.maxAge(value.isEmpty() ? 0 : this.properties.sessionLifetime().toSeconds())
			.build();
	}

	/**
	 * The signed-in caller of a cookie this server issued, if the session is still valid.
	 */
	Optional<Session> authenticate(String cookie) {
		Optional<String[]> opened = open(cookie);
		if (opened.isEmpty()) {
			return Optional.empty();
		}
		String[] parts = opened.get();
		Instant issued;
		Instant seen;
		try {
			issued = Instant.ofEpochMilli(Long.parseLong(parts[parts.length - 2]));
			seen = Instant.ofEpochMilli(Long.parseLong(parts[parts.length - 1]));
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		if (!now.isBefore(issued.plus(this.properties.sessionLifetime()))
				|| !now.isBefore(seen.plus(this.properties.idleTimeout()))) {
			return Optional.empty();
		}
		Optional<AccountAccess> access = switch (parts[0]) {
			case OPERATOR -> (parts.length == 4) ? operator(parts[1]) : Optional.empty();
			case MEMBER -> (parts.length == 6) ? member(parts[1], parts[2], parts[3], issued) : Optional.empty();
			default -> Optional.empty();
		};
		Optional<String> touched = now.isAfter(seen.plus(TOUCH_INTERVAL))
				? Optional
					.of(seal(parts[0], String.join("|", List.of(parts).subList(1, parts.length - 2)), issued, now))
				: Optional.empty();
		return access.map(
				(caller) -> new Session(
						UsernamePasswordAuthenticationToken
							.authenticated(caller, null, List.of(new SimpleGrantedAuthority(caller.operator()
									? AdminKeyAuthenticationProvider.ADMIN : AccountKeyAuthenticationProvider.MEMBER))),
						touched));
	}

	/** Ends every session of the caller's person on every browser, from now on. */
	public void signOutEverywhere(String cookie) {
		payloadIdentity(cookie)
			.ifPresent((identity) -> this.members.revokeSessions(identity[0], UUID.fromString(identity[1])));
	}

	private Optional<String[]> payloadIdentity(String cookie) {
		return open(cookie).filter((parts) -> parts.length == 6 && parts[0].equals(MEMBER))
			.map((parts) -> new String[] { parts[1], parts[2] });
	}

	/** The parts of a cookie this server sealed; empty for anything else. */
	private Optional<String[]> open(String cookie) {
		try {
			return Optional
				.of(new String(this.cipher.decrypt(Base64.getUrlDecoder().decode(cookie)), StandardCharsets.UTF_8)
					.split("\\|"));
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	private Optional<AccountAccess> operator(String keyId) {
		UUID id;
		try {
			id = UUID.fromString(keyId);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		return this.repository.findById(id)
			.filter(AdminKey::isUsable)
			.map((key) -> AccountAccess.operator("admin key " + key.getLabel()));
	}

	private Optional<AccountAccess> member(String tenantId, String objectId, String ruleIds, Instant issued) {
		UUID id;
		List<UUID> rules;
		try {
			id = UUID.fromString(objectId);
			rules = ruleIds.equals("-") ? List.of() : Arrays.stream(ruleIds.split(",")).map(UUID::fromString).toList();
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		return this.members.access(tenantId, id, rules, issued);
	}

	private String seal(String kind, String identity, Instant issued, Instant seen) {
		// Milliseconds: a sign-in right after "sign out everywhere" must count as after
		// it.
		String payload = kind + "|" + identity + "|" + issued.toEpochMilli() + "|" + seen.toEpochMilli();
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(this.cipher.encrypt(payload.getBytes(StandardCharsets.UTF_8)));
	}

}

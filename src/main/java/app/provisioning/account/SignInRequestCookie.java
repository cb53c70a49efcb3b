package app.provisioning.account;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import app.provisioning.platform.SecretCipher;

import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * Keeps a sign-in with Microsoft between the redirect and the return (its state, nonce
 * and PKCE verifier) in an encrypted cookie instead of a server session, so the return
 * may reach any instance. {@code SameSite=Lax}: the return is a top-level navigation from
 * Microsoft's site, which a strict cookie would not accompany.
 */
class SignInRequestCookie implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

	static final String COOKIE = "console_sign_in";

	// Long enough to pick an account and pass multi-factor authentication, short enough
	// that a forgotten tab cannot finish a sign-in hours later.
	private static final Duration LIFETIME = Duration.ofMinutes(10);

	private static final String PATH = "/admin/login";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SecretCipher cipher;

	SignInRequestCookie(SecretCipher cipher) {
		this.cipher = cipher;
	}

	@Override
	public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
		String value = value(request);
		if (value == null) {
			return null;
		}
		try {
			Map<String, Object> saved = JSON.readValue(this.cipher.decrypt(Base64.getUrlDecoder().decode(value)),
					new TypeReference<Map<String, Object>>() {
					});
			long expires = ((Number) saved.get("expires")).longValue();
			if (System.currentTimeMillis() > expires) {
				return null;
			}
			return OAuth2AuthorizationRequest.authorizationCode()
				.authorizationUri((String) saved.get("authorizationUri"))
				.clientId((String) saved.get("clientId"))
				.redirectUri((String) saved.get("redirectUri"))
				.scopes(Set.copyOf(strings(saved.get("scopes"))))
				.state((String) saved.get("state"))
				.additionalParameters(map(saved.get("additionalParameters")))
				.attributes(map(saved.get("attributes")))
				.authorizationRequestUri((String) saved.get("authorizationRequestUri"))
				.build();
		}
		catch (RuntimeException ex) {
			// Not ours, tampered with, or from before a key rotation: as if there were
			// none.
			return null;
		}
	}

	@Override
	public void saveAuthorizationRequest(OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request,
			HttpServletResponse response) {
		if (authorizationRequest == null) {
			clear(request, response);
			return;
		}
		Map<String, Object> saved = new LinkedHashMap<>();
		saved.put("authorizationUri", authorizationRequest.getAuthorizationUri());
		saved.put("clientId", authorizationRequest.getClientId());
		saved.put("redirectUri", authorizationRequest.getRedirectUri());
		saved.put("scopes", List.copyOf(authorizationRequest.getScopes()));
		saved.put("state", authorizationRequest.getState());
		saved.put("additionalParameters", authorizationRequest.getAdditionalParameters());
		saved.put("attributes", authorizationRequest.getAttributes());
		saved.put("authorizationRequestUri", authorizationRequest.getAuthorizationRequestUri());
		saved.put("expires", System.currentTimeMillis() + LIFETIME.toMillis());
		String value = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(this.cipher.encrypt(JSON.writeValueAsBytes(saved)));
		response.addHeader("Set-Cookie", cookie(value, LIFETIME.toSeconds(), request).toString());
	}

	@Override
	public OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request,
			HttpServletResponse response) {
		OAuth2AuthorizationRequest saved = loadAuthorizationRequest(request);
		clear(request, response);
		return saved;
	}

	private void clear(HttpServletRequest request, HttpServletResponse response) {
		if (value(request) != null) {
			response.addHeader("Set-Cookie", cookie("", 0, request).toString());
		}
	}

	private static String value(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (Cookie cookie : cookies) {
				if (COOKIE.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
					return cookie.getValue();
				}
			}
		}
		return null;
	}

	private static ResponseCookie cookie(String value, long maxAge, HttpServletRequest request) {
		return ResponseCookie.from(COOKIE, value)
			.httpOnly(true)
			.secure(request.isSecure())
			.sameSite("Lax")
			.path(request.getContextPath() + PATH)
			.maxAge(maxAge)
			.build();
	}

	private static List<String> strings(Object value) {
		return ((List<?>) value).stream().map(String::valueOf).toList();
	}

	private static Map<String, Object> map(Object value) {
		Map<String, Object> copy = new LinkedHashMap<>();
		((Map<?, ?>) value).forEach((key, item) -> copy.put(String.valueOf(key), item));
		return copy;
	}

}

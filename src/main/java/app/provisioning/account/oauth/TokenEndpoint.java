package app.provisioning.account.oauth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OAuth 2.0 token endpoint for the client credentials grant (RFC 6749 §4.4), with
 * {@code client_secret_post} and {@code client_secret_basic}, and the JWKS of our signing
 * keys. Errors follow RFC 6749 §5.2.
 */
@RestController
class TokenEndpoint {

	private static final Logger log = LoggerFactory.getLogger(TokenEndpoint.class);

	private final OAuthClients clients;

	private final AccessTokens tokens;

	private final SigningKeys keys;

	private final FailedClientAttempts failures;

	TokenEndpoint(OAuthClients clients, AccessTokens tokens, SigningKeys keys, FailedClientAttempts failures) {
		this.clients = clients;
		this.tokens = tokens;
		this.keys = keys;
		this.failures = failures;
	}

	@PostMapping(path = "/oauth2/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	ResponseEntity<Map<String, Object>> token(@RequestBody MultiValueMap<String, String> form,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
			HttpServletRequest request) {
		String grantType = form.getFirst("grant_type");
		if (grantType == null || grantType.isBlank()) {
			return error(HttpStatus.BAD_REQUEST, "invalid_request", "grant_type is required (client_credentials)",
					false);
		}
		if (!grantType.equals("client_credentials")) {
			return error(HttpStatus.BAD_REQUEST, "unsupported_grant_type",
					"Only the client_credentials grant is supported, not '" + grantType + "'", false);
		}
		boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
		String[] credentials = basic ? basicCredentials(authorization)
				: new String[] { form.getFirst("client_id"), form.getFirst("client_secret") };
		if (basic && form.containsKey("client_secret")) {
			return error(HttpStatus.BAD_REQUEST, "invalid_request",
					"Authenticate the client one way: Basic authorization or client_secret in the body, not both",
					false);
		}
		if (credentials == null || isBlank(credentials[0]) || isBlank(credentials[1])) {
			return error(HttpStatus.UNAUTHORIZED, "invalid_client",
					"Client authentication is required: client_id and client_secret in the form body, or Basic authorization",
					basic);
		}
		String clientId = credentials[0];
		String remote = request.getRemoteAddr();
		Optional<OAuthClient> client = this.clients.authenticate(clientId, credentials[1]);
		if (client.isEmpty()) {
			// Only failures are slowed down: a correct secret is never refused, so nobody
			// can lock a client out by guessing on its behalf (secrets have 256 bits;
			// guessing is futile anyway).
			Optional<Duration> blocked = this.failures.blockedFor(clientId, remote);
			if (blocked.isPresent()) {
				long seconds = Math.max(1, blocked.get().toSeconds());
				log.warn("Token request refused: too many failed attempts for client_id={} from {}", clientId, remote);
				return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
					.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
					.cacheControl(CacheControl.noStore())
					.body(body("invalid_client", "Too many failed attempts; retry after " + seconds + " s"));
			}
			this.failures.record(clientId, remote);
			log.warn("Token request refused: invalid_client for client_id={} from {}", clientId, remote);
			return error(HttpStatus.UNAUTHORIZED, "invalid_client", "Unknown client, wrong secret, or revoked client",
					basic);
		}
		AccessTokens.AccessToken token = this.tokens.issue(client.get(), this.clients.now());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("access_token", token.value());
		body.put("token_type", "Bearer");
		body.put("expires_in", token.expiresInSeconds());
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache").body(body);
	}

	@GetMapping(path = "/oauth2/jwks", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> jwks() {
		return this.keys.publicKeySet().toJSONObject(true);
	}

	/** RFC 6749 §2.3.1: client id and secret, form-urlencoded, then base64. */
	private static String[] basicCredentials(String authorization) {
		try {
			String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
					StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			if (colon < 0) {
				return null;
			}
			return new String[] { java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
					java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8) };
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String error, String description,
			boolean basic) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status).cacheControl(CacheControl.noStore());
		if (status == HttpStatus.UNAUTHORIZED) {
			response.header(HttpHeaders.WWW_AUTHENTICATE, basic ? "Basic realm=\"oauth\"" : "Bearer realm=\"oauth\"");
		}
		return response.body(body(error, description));
	}

	private static Map<String, Object> body(String error, String description) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put("error_description", description);
		return body;
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}

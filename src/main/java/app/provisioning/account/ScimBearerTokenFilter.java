package app.provisioning.account;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.provisioning.scim.ScimTenant;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <secret token>} and puts the owning account into
 * the security context. The account comes from the credential only, never from the URL.
 */
class ScimBearerTokenFilter extends OncePerRequestFilter {

	private static final String BEARER_PREFIX = "bearer ";

	private final ScimCredentialService credentials;

	ScimBearerTokenFilter(ScimCredentialService credentials) {
		this.credentials = credentials;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		if (header != null && header.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
			String token = header.substring(BEARER_PREFIX.length()).trim();
			this.credentials.accountForToken(token).ifPresent((accountId) -> {
				var authentication = new UsernamePasswordAuthenticationToken(new ScimTenant(accountId), null,
						List.of(new SimpleGrantedAuthority("SCIM_CLIENT")));
				SecurityContextHolder.getContext().setAuthentication(authentication);
			});
		}
		chain.doFilter(request, response);
	}

}

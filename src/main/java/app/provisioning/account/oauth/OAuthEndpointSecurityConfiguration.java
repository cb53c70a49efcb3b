package app.provisioning.account.oauth;

import app.provisioning.account.StatelessApiSecurity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The token endpoint authenticates clients itself (RFC 6749 §2.3); the JWKS is public.
 */
@Configuration(proxyBeanMethods = false)
class OAuthEndpointSecurityConfiguration {

	@Bean
	@Order(0)
	SecurityFilterChain oauthEndpoints(HttpSecurity http) throws Exception {
		StatelessApiSecurity.apply(http)
			.securityMatcher("/oauth2/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return http.build();
	}

}

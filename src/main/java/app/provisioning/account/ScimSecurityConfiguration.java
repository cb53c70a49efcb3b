package app.provisioning.account;

import app.provisioning.scim.web.ScimAuthenticationEntryPoint;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/** The SCIM surface: stateless bearer authentication, SCIM-shaped 401s. */
@Configuration(proxyBeanMethods = false)
class ScimSecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain scimSecurity(HttpSecurity http, ScimCredentialService credentials,
			ScimAuthenticationEntryPoint entryPoint) throws Exception {
		http.securityMatcher("/scim/**")
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.formLogin((form) -> form.disable())
			.httpBasic((basic) -> basic.disable())
			.logout((logout) -> logout.disable())
			.addFilterBefore(new ScimBearerTokenFilter(credentials), AnonymousAuthenticationFilter.class)
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(entryPoint::accessDenied))
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasAuthority("SCIM_CLIENT"));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.formLogin((form) -> form.disable())
			.httpBasic((basic) -> basic.disable())
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/", "/openapi/**", "/error").permitAll()
				.anyRequest()
				.denyAll());
		return http.build();
	}

}

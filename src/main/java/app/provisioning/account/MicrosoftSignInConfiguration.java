package app.provisioning.account;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;

/**
 * How sign-ins with Microsoft have their ID tokens checked (Spring Security finds the
 * factory by its type).
 */
@Configuration(proxyBeanMethods = false)
class MicrosoftSignInConfiguration {

	@Bean
	JwtDecoderFactory<ClientRegistration> microsoftIdTokens(MicrosoftSignInProperties properties) {
		return new MicrosoftIdTokens(properties);
	}

}

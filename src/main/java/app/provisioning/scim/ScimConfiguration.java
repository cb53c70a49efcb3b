package app.provisioning.scim;

import app.provisioning.scim.schema.ScimSchemas;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ScimConfiguration {

	@Bean
	ScimResources scimUsers(@Qualifier("userStore") ResourceStore store, ScimProperties limits) {
		return new ScimResources(ScimSchemas.USER, store, limits);
	}

	@Bean
	ScimResources scimGroups(@Qualifier("groupStore") ResourceStore store, ScimProperties limits) {
		return new ScimResources(ScimSchemas.GROUP, store, limits);
	}

}

package app.provisioning.console;

import org.webjars.WebJarVersionLocator;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Swagger UI's files under /admin/api-docs/ui/, behind the administration sign-in like
 * the page that uses them (the webjar's usual /webjars/ address is closed to everybody).
 */
@Configuration(proxyBeanMethods = false)
class SwaggerUiResources implements WebMvcConfigurer {

	static final String PATH = "/admin/api-docs/ui/";

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		String version = new WebJarVersionLocator().version("swagger-ui");
		if (version == null) {
			throw new IllegalStateException("The swagger-ui webjar is missing from the class path");
		}
		registry.addResourceHandler(PATH + "**")
			.addResourceLocations("classpath:/META-INF/resources/webjars/swagger-ui/" + version + "/");
	}

}

package app.provisioning.scim.web;

import java.util.List;

import app.provisioning.scim.ScimProperties;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.PathMatchConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.util.pattern.PathPatternParser;

@Configuration(proxyBeanMethods = false)
class ScimWebConfiguration implements WebMvcConfigurer {

	private final ScimProperties properties;

	ScimWebConfiguration(ScimProperties properties) {
		this.properties = properties;
	}

	@Override
	public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
		converters.add(0, new ScimJsonMessageConverter(this.properties.maxBodyBytes()));
	}

	/**
	 * Resource endpoints match case-insensitively: Microsoft's reference client calls
	 * {@code /users}.
	 */
	@Override
	public void configurePathMatch(PathMatchConfigurer configurer) {
		PathPatternParser parser = new PathPatternParser();
		parser.setCaseSensitive(false);
		configurer.setPatternParser(parser);
	}

}

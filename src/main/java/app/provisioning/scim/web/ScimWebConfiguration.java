package app.provisioning.scim.web;

import java.util.List;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import app.provisioning.scim.ScimProperties;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
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
	 * SCIM-shaped errors also for requests Tomcat refuses before any servlet runs. It
	 * replaces the error report valve Boot installs; naming its class on the host keeps
	 * the host from adding Tomcat's default one at start-up.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> scimErrorsFromTomcat() {
		return (factory) -> factory.addContextCustomizers((context) -> {
			StandardHost host = (StandardHost) context.getParent();
			for (Valve valve : host.getPipeline().getValves()) {
				if (valve instanceof ErrorReportValve) {
					host.getPipeline().removeValve(valve);
				}
			}
			host.setErrorReportValveClass(ScimErrorReportValve.class.getName());
			host.getPipeline().addValve(new ScimErrorReportValve());
		});
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

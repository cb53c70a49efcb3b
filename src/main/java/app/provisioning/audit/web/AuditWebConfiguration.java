package app.provisioning.audit.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The audit trail watches the administration API and pages, never the SCIM endpoint. */
@Configuration(proxyBeanMethods = false)
class AuditWebConfiguration implements WebMvcConfigurer {

	private final AuditRecorder recorder;

	AuditWebConfiguration(AuditRecorder recorder) {
		this.recorder = recorder;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this.recorder).addPathPatterns("/api/**", "/admin/**");
	}

}

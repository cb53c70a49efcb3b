package app.provisioning.console;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The OpenAPI documents of the SCIM and administration APIs in Swagger UI, for signed-in
 * administrators. The documents are the hand-written, tested ones in openapi/, not
 * generated.
 */
@Controller
class ApiDocsPage {

	private static final MediaType YAML = MediaType.parseMediaType("application/yaml;charset=UTF-8");

	@GetMapping("/admin/api-docs")
	String page() {
		return "console/api-docs";
	}

	@GetMapping("/admin/api-docs/scim.yaml")
	ResponseEntity<byte[]> scim() throws IOException {
		return document("openapi/scim.yaml");
	}

	@GetMapping("/admin/api-docs/admin.yaml")
	ResponseEntity<byte[]> admin() throws IOException {
		return document("openapi/admin.yaml");
	}

	private static ResponseEntity<byte[]> document(String path) throws IOException {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			// Always the running server's own description: a new release must not show a
			// cached one.
			return ResponseEntity.ok().contentType(YAML).cacheControl(CacheControl.noCache()).body(in.readAllBytes());
		}
	}

}

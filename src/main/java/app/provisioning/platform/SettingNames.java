package app.provisioning.platform;

import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/**
 * The environment variable an operator sets for a property: the placeholder
 * application.yml reads it from ({@code ${SCIM_TOKEN_CACHE_TTL:5s}}), or else Spring's
 * relaxed-binding name ({@code PROVISIONING_SCIM_MAXPAGESIZE}). Error messages name what
 * the operator can change.
 */
final class SettingNames {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::[^}]*)?}");

	private static volatile Properties applicationYml;

	private SettingNames() {
	}

	static String variableFor(String property) {
		String written = applicationYml().getProperty(property);
		Matcher placeholder = (written != null) ? PLACEHOLDER.matcher(written.trim()) : null;
		if (placeholder != null && placeholder.matches()) {
			return placeholder.group(1);
		}
		return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
	}

	private static Properties applicationYml() {
		Properties loaded = applicationYml;
		if (loaded == null) {
			YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
			yaml.setResources(new ClassPathResource("application.yml"));
			loaded = yaml.getObject();
			applicationYml = (loaded != null) ? loaded : new Properties();
		}
		return applicationYml;
	}

}

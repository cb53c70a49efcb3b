package app.provisioning.reconcile.graph;

/**
 * What signs in to a tenant's Graph: the app registration's tenant, client ID and secret.
 */
public record GraphCredentials(String tenantId, String clientId, String clientSecret) {

	@Override
	public String toString() {
		return "GraphCredentials[tenantId=" + this.tenantId + ", clientId=" + this.clientId + ", clientSecret=***]";
	}

}

package app.provisioning.scim.web;

import app.provisioning.scim.ScimProperties;
import app.provisioning.scim.ScimResources;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(ResourceEndpoint.BASE_PATH + "/Groups")
class GroupsEndpoint extends ResourceEndpoint {

	GroupsEndpoint(@Qualifier("scimGroups") ScimResources groups, ScimProperties limits) {
		super(groups, limits);
	}

	@Override
	boolean answersPatchWithBody() {
		return false;
	}

}

package io.github.openaipolicies.testkit.implementation;

import com.github.tomakehurst.wiremock.standalone.MappingsSource;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.stubbing.StubMappings;

import java.util.List;

/**
 * A WireMock mappings source that loads and saves nothing, so the simulator never reads or writes stub files.
 */
public final class NoMappingsSource implements MappingsSource {
    @Override
    public void loadMappingsInto(StubMappings stubMappings) {
    }

    @Override
    public void save(List<StubMapping> stubMappings) {
    }

    @Override
    public void save(StubMapping stubMapping) {
    }

    @Override
    public void remove(StubMapping stubMapping) {
    }

    @Override
    public void removeAll() {
    }
}

package no.budstikke.authorization;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** Who holds which roles for which parties: too many rows to hold in memory, so asked per decision. */
public interface RoleDirectory {

    /** The roles each holder has for each party, for the pairs asked about (pairs without roles are left out). */
    Map<HolderParty, Set<String>> roles(Collection<HolderParty> pairs);

    record HolderParty(String holder, String party) {
    }
}

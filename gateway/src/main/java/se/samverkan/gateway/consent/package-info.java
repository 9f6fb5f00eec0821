/**
 * Consent (rules C1-C13 of DOMAIN.md): the {@link se.samverkan.gateway.consent.ConsentGate} every route asks
 * before data moves, and {@link se.samverkan.gateway.consent.PolicyDecisionPoint}, which answers from the
 * FHIR Consents and guardians in the {@link se.samverkan.gateway.consent.ConsentRegistry} and from the flows
 * configured in flows.yml ({@link se.samverkan.gateway.consent.FlowProperties}).
 *
 * <h2>Decision codes</h2>
 * <table>
 * <caption>Stable codes of decisions (GW-21xx)</caption>
 * <tr><th>code</th><th>decision</th><th>rules</th><th>meaning</th></tr>
 * <tr><td>GW-2100</td><td>permit</td><td>C2, C4 (C3, C6, C11)</td><td>consent on record from everyone who must consent; only the categories it covers</td></tr>
 * <tr><td>GW-2101</td><td>deny, HOLD_FOR_MANUAL_HANDLING</td><td>C10</td><td>protected personal data: held for manual handling</td></tr>
 * <tr><td>GW-2102</td><td>deny</td><td>C1, C2</td><td>no applicable consent</td></tr>
 * <tr><td>GW-2103</td><td>deny</td><td>C1, C3</td><td>a person whose consent is needed (a guardian with custody, the student) refused</td></tr>
 * <tr><td>GW-2104</td><td>deny</td><td>C1, C4</td><td>no guardian with custody on record</td></tr>
 * <tr><td>GW-2105</td><td>deny</td><td>C1, C4</td><td>not everyone who must consent has (joint custody; the child's own consent from a configured age), or the consent on record is from persons who do not decide for the child now</td></tr>
 * <tr><td>GW-2106</td><td>deny</td><td>C1, C11 (C3)</td><td>the consents cover none of the data categories asked for</td></tr>
 * <tr><td>GW-2107</td><td>deny, NOTIFY_CONSENT_ENDED</td><td>C1, C5 (C3)</td><td>consent withdrawn (status inactive or rejected, or a later refusal by the same person)</td></tr>
 * <tr><td>GW-2108</td><td>deny</td><td>C1, C2</td><td>consent expired</td></tr>
 * <tr><td>GW-2109</td><td>deny</td><td>C9 (C10)</td><td>guardian-facing communication about a flagged child</td></tr>
 * <tr><td>GW-2110</td><td>deny</td><td>C1, C6</td><td>consent given for another case phase, or the phase not given, in a phase-bound flow</td></tr>
 * <tr><td>GW-2111</td><td>permit (HOLD_FOR_MANUAL_HANDLING if protected)</td><td>C8 (C10)</td><td>flow rests on a legal basis (the decision names it); consent and refusals do not matter</td></tr>
 * <tr><td>GW-2112</td><td>permit, ANONYMISE</td><td>C7</td><td>an anonymised payload in a flow that may go anonymised without consent</td></tr>
 * <tr><td>GW-2113</td><td>deny</td><td>C1, C11</td><td>the flow may carry none of the data categories asked for</td></tr>
 * <tr><td>GW-2114</td><td>deny</td><td>C1, C3</td><td>a refusal names an organisation the participant registry cannot resolve: it applies (fail safe); the notes name it</td></tr>
 * <tr><td>GW-2115</td><td>deny, ANONYMISE</td><td>C7 (C1-C6 why consent fell short)</td><td>an identified payload in such a flow without full consent: refused; an anonymised one is permitted</td></tr>
 * <tr><td>GW-2120</td><td>{@link se.samverkan.gateway.consent.UnknownFlowException}</td><td></td><td>no such flow configured (400 on the FHIR face)</td></tr>
 * </table>
 */
package se.samverkan.gateway.consent;

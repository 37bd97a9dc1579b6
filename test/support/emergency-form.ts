/**
 * What a requester types into the emergency-release form in the Slack tests: a realistic hotfix for
 * the payment system, tested by Bob, with Dave as the director (platform ids of test/support/people.ts).
 */
export const PAYMENT_HOTFIX = {
  title: 'Hotfix payment timeout',
  system: 'pay',
  reason_category: 'severe_bug',
  justification: 'Payments time out for 5% of users since 09:00.',
  tester: ['U_BOB'],
  director: 'U_DAVE',
};

import { Flex, Typography } from 'antd';
import type { Escalation } from '../api/client';

/** An escalation's short reason, and under it the deciding rule's sentence (which rule of which version, on what it saw). */
export function EscalationReason({ escalation }: { escalation: Pick<Escalation, 'reason' | 'explanation'> }) {
  return (
    <Flex vertical gap={2}>
      <span>{escalation.reason}</span>
      {escalation.explanation ? (
        <Typography.Text type="secondary" data-testid="escalation-explanation">
          {escalation.explanation}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

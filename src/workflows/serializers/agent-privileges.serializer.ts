import { ApiProperty } from '@nestjs/swagger';

export class AgentPrivilegeSerializer {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty() default_enabled: boolean;
}

export class AgentPrivilegesSerializer {
  @ApiProperty({ type: [AgentPrivilegeSerializer] }) all_privileges: AgentPrivilegeSerializer[];
}

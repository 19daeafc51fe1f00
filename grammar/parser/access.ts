/**
 * grammar/parser/access.ts — AccessParser: users, roles and privileges (CREATE/ALTER/DROP USER, CREATE/DROP
 * ROLE, GRANT, REVOKE, SET ROLE).
 *
 * 1. GRANT and REVOKE have one shape: a list of items, then `ON object` for privileges or nothing for roles;
 *    the visitor and Level 4 decide what the items mean (ast/access.ts invariant 2). This keeps the grammar
 *    free of ambiguity between privilege words and role names.
 * 2. PUBLIC and NONE are plain names here (the visitor recognises them unquoted).
 */
import * as K from '../tokens/keywords.generated';
import { StringLiteral } from '../tokens/literals';
import { Comma } from '../tokens/operators';
import { TypeParser } from './types';

/** Adds the statements of users, roles and privileges. */
export abstract class AccessParser extends TypeParser {
  /** createUserStatement := CREATE USER name PASSWORD string */
  createUserStatement = this.RULE('createUserStatement', () => {
    this.CONSUME(K.CREATE);
    this.CONSUME(K.USER);
    this.SUBRULE(this.tableName);
    this.CONSUME(K.PASSWORD);
    this.CONSUME(StringLiteral);
  });

  /** alterUserStatement := ALTER USER name PASSWORD string */
  alterUserStatement = this.RULE('alterUserStatement', () => {
    this.CONSUME(K.ALTER);
    this.CONSUME(K.USER);
    this.SUBRULE(this.tableName);
    this.CONSUME(K.PASSWORD);
    this.CONSUME(StringLiteral);
  });

  /** createRoleStatement := CREATE ROLE name [string] */
  createRoleStatement = this.RULE('createRoleStatement', () => {
    this.CONSUME(K.CREATE);
    this.CONSUME(K.ROLE);
    this.SUBRULE(this.tableName);
    this.OPTION(() => this.CONSUME(StringLiteral));
  });

  /** dropPrincipalStatement := DROP (USER | ROLE) name */
  dropPrincipalStatement = this.RULE('dropPrincipalStatement', () => {
    this.CONSUME(K.DROP);
    this.OR([{ ALT: () => this.CONSUME(K.USER) }, { ALT: () => this.CONSUME(K.ROLE) }]);
    this.SUBRULE(this.tableName);
  });

  /** grantStatement := GRANT grantItems [grantObject] TO grantee ("," grantee)* [WITH GRANT OPTION] */
  grantStatement = this.RULE('grantStatement', () => {
    this.CONSUME(K.GRANT);
    this.SUBRULE(this.grantItems);
    this.OPTION(() => this.SUBRULE(this.grantObject));
    this.CONSUME(K.TO);
    this.SUBRULE(this.granteeList);
    this.OPTION2(() => {
      this.CONSUME(K.WITH);
      this.CONSUME2(K.GRANT);
      this.CONSUME(K.OPTION);
    });
  });

  /** revokeStatement := REVOKE [GRANT OPTION FOR] grantItems [grantObject] FROM grantee ("," grantee)* */
  revokeStatement = this.RULE('revokeStatement', () => {
    this.CONSUME(K.REVOKE);
    this.OPTION(() => {
      this.CONSUME(K.GRANT);
      this.CONSUME(K.OPTION);
      this.CONSUME(K.FOR);
    });
    this.SUBRULE(this.grantItems);
    this.OPTION2(() => this.SUBRULE(this.grantObject));
    this.CONSUME(K.FROM);
    this.SUBRULE(this.granteeList);
  });

  /** grantItems := ALL PRIVILEGES | grantItem ("," grantItem)* */
  grantItems = this.RULE('grantItems', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.ALL);
          this.CONSUME(K.PRIVILEGES);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.grantItem);
          this.MANY(() => {
            this.CONSUME(Comma);
            this.SUBRULE2(this.grantItem);
          });
        },
      },
    ]);
  });

  /** grantItem := (SELECT | INSERT | UPDATE | REFERENCES) [parenthesizedColumns] | DELETE | name */
  grantItem = this.RULE('grantItem', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(K.SELECT) },
            { ALT: () => this.CONSUME(K.INSERT) },
            { ALT: () => this.CONSUME(K.UPDATE) },
            { ALT: () => this.CONSUME(K.REFERENCES) },
          ]);
          this.OPTION(() => this.SUBRULE(this.parenthesizedColumns));
        },
      },
      { ALT: () => this.CONSUME(K.DELETE) },
      { ALT: () => this.SUBRULE(this.tableName) },
    ]);
  });

  /** grantObject := ON [TABLE | FUNCTION | PROCEDURE] name */
  grantObject = this.RULE('grantObject', () => {
    this.CONSUME(K.ON);
    this.OPTION(() => {
      this.OR([{ ALT: () => this.CONSUME(K.TABLE) }, { ALT: () => this.CONSUME(K.FUNCTION) }, { ALT: () => this.CONSUME(K.PROCEDURE) }]);
    });
    this.SUBRULE(this.tableName);
  });

  /** granteeList := grantee ("," grantee)*;  grantee := [USER | ROLE] name   (PUBLIC is a name here) */
  granteeList = this.RULE('granteeList', () => {
    this.SUBRULE(this.grantee);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.grantee);
    });
  });

  grantee = this.RULE('grantee', () => {
    this.OPTION({
      GATE: () => this.LA(2).tokenType !== Comma && this.LA(2).tokenType.name !== 'EOF' && this.LA(2).tokenType.name !== 'Semicolon' && this.LA(2).tokenType !== K.WITH,
      DEF: () => this.OR([{ ALT: () => this.CONSUME(K.USER) }, { ALT: () => this.CONSUME(K.ROLE) }]),
    });
    this.SUBRULE(this.tableName);
  });

  /** setRoleStatement := SET ROLE name   (NONE: no role) */
  setRoleStatement = this.RULE('setRoleStatement', () => {
    this.CONSUME(K.SET);
    this.CONSUME(K.ROLE);
    this.SUBRULE(this.tableName);
  });
}

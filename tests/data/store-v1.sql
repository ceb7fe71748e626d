BEGIN TRANSACTION;
CREATE TABLE audit (
            seq INTEGER PRIMARY KEY, claim_seq INTEGER NOT NULL REFERENCES claims(seq),
            actor TEXT NOT NULL, at TEXT NOT NULL, action TEXT NOT NULL, before TEXT,
            after TEXT);
INSERT INTO "audit" VALUES(1,1,'alice','2026-11-24T01:50:09Z','created',NULL,'{"status":"new","document_id":"doc-fc616b59826124fe"}');
INSERT INTO "audit" VALUES(2,2,'alice','2026-11-24T01:50:09Z','created',NULL,'{"status":"new","document_id":"doc-fc616b59826124fe"}');
INSERT INTO "audit" VALUES(3,3,'alice','2026-11-24T01:50:09Z','created',NULL,'{"status":"new","document_id":"doc-fc616b59826124fe"}');
INSERT INTO "audit" VALUES(4,4,'alice','2026-11-24T01:50:09Z','created',NULL,'{"status":"new","document_id":"doc-fc616b59826124fe"}');
INSERT INTO "audit" VALUES(5,5,'alice','2026-11-24T01:50:09Z','created',NULL,'{"status":"new","document_id":"doc-fc616b59826124fe"}');
INSERT INTO "audit" VALUES(6,2,'alice','2026-11-24T01:50:10Z','assigned','{"assignee":null}','{"assignee":"bob"}');
INSERT INTO "audit" VALUES(7,2,'alice','2026-11-24T01:50:10Z','note',NULL,'{"text":"Ask the statistics office.","author":"alice","created":"2026-11-24T01:50:10Z"}');
INSERT INTO "audit" VALUES(8,2,'alice','2026-11-24T01:50:10Z','status','{"status":"new"}','{"status":"in-review"}');
INSERT INTO "audit" VALUES(9,2,'alice','2026-11-24T01:50:11Z','verdict',NULL,'{"rating":"true","confidence":1.0,"rationale":"Trade statistics agree.","sources":[{"url":"https://example.org/stats","accessed":"2026-11-24T01:50:11Z"}],"origin":{"type":"reviewer","name":"alice"},"created":"2026-11-24T01:50:11Z"}');
INSERT INTO "audit" VALUES(10,3,'alice','2026-11-24T01:50:11Z','reanchored','{"document_id":"doc-fc616b59826124fe","span":{"start":118,"end":153},"text":"The weather was pleasant that week.","status":"new"}','{"document_id":"doc-98cf6afbbccc1d25","span":{"start":125,"end":160},"text":"The weather was pleasant that week.","status":"new"}');
INSERT INTO "audit" VALUES(11,2,'alice','2026-11-24T01:50:11Z','reanchored','{"document_id":"doc-fc616b59826124fe","span":{"start":69,"end":117},"text":"Exports of steel grew in 1997 and again in 2003.","status":"in-review"}','{"document_id":"doc-98cf6afbbccc1d25","span":{"start":76,"end":124},"text":"Exports of steel grew in 1997 and again in 2003.","status":"in-review"}');
INSERT INTO "audit" VALUES(12,1,'alice','2026-11-24T01:50:11Z','reanchored','{"document_id":"doc-fc616b59826124fe","span":{"start":0,"end":68},"text":"The trade agreement was negotiated over three decades ago in Geneva.","status":"new"}','{"document_id":"doc-98cf6afbbccc1d25","span":{"start":0,"end":75},"text":"The trade agreement was negotiated over almost three decades ago in Geneva.","status":"new"}');
INSERT INTO "audit" VALUES(13,4,'alice','2026-11-24T01:50:11Z','reanchored','{"document_id":"doc-fc616b59826124fe","span":{"start":154,"end":212},"text":"Officials met again in March 2019 to review the agreement.","status":"new"}','{"document_id":"doc-98cf6afbbccc1d25","span":{"start":161,"end":219},"text":"Officials met again in March 2019 to review the agreement.","status":"new"}');
INSERT INTO "audit" VALUES(14,5,'alice','2026-11-24T01:50:11Z','orphaned','{"status":"new"}','{"status":"orphaned"}');
INSERT INTO "audit" VALUES(15,6,'alice','2026-11-24T01:50:11Z','created',NULL,'{"status":"new","document_id":"doc-98cf6afbbccc1d25"}');
CREATE TABLE claim_kinds (
            kind TEXT NOT NULL, claim_seq INTEGER NOT NULL REFERENCES claims(seq),
            PRIMARY KEY (kind, claim_seq)) WITHOUT ROWID;
INSERT INTO "claim_kinds" VALUES('temporal',1);
INSERT INTO "claim_kinds" VALUES('temporal',2);
INSERT INTO "claim_kinds" VALUES('temporal',4);
INSERT INTO "claim_kinds" VALUES('temporal',5);
INSERT INTO "claim_kinds" VALUES('temporal',6);
CREATE TABLE claims (
            seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
            document_id TEXT NOT NULL REFERENCES documents(id),
            status TEXT NOT NULL, assignee TEXT, start INTEGER NOT NULL,
            reviewed INTEGER NOT NULL DEFAULT 0, record TEXT NOT NULL);
INSERT INTO "claims" VALUES(1,'clm-a87e491dcd3b747e','doc-98cf6afbbccc1d25','new',NULL,0,0,'{"document_id":"doc-98cf6afbbccc1d25","text":"The trade agreement was negotiated over almost three decades ago in Geneva.","span":{"start":0,"end":75},"selector":{"exact":"The trade agreement was negotiated over almost three decades ago in Geneva.","prefix":"","suffix":" Exports of steel grew in 1997 a"},"kinds":["temporal"],"signals":[{"kind":"temporal","span":{"start":40,"end":64},"text":"almost three decades ago","weight":0.75,"value":{"type":"relative","amount":3,"unit":"decade","qualifier":"almost","direction":"ago"},"detector":"temporal"}],"checkworthiness":0.962,"checkworthy":true}');
INSERT INTO "claims" VALUES(2,'clm-3bcf72b4814d5b8c','doc-98cf6afbbccc1d25','in-review','bob',76,1,'{"document_id":"doc-98cf6afbbccc1d25","text":"Exports of steel grew in 1997 and again in 2003.","span":{"start":76,"end":124},"selector":{"exact":"Exports of steel grew in 1997 and again in 2003.","prefix":"st three decades ago in Geneva. ","suffix":" The weather was pleasant that w"},"kinds":["temporal"],"signals":[{"kind":"temporal","span":{"start":101,"end":105},"text":"1997","weight":0.5,"value":{"type":"year","year":1997},"detector":"temporal"},{"kind":"temporal","span":{"start":119,"end":123},"text":"2003","weight":0.5,"value":{"type":"year","year":2003},"detector":"temporal"}],"checkworthiness":0.4492,"checkworthy":false}');
INSERT INTO "claims" VALUES(3,'clm-20fb67ec59756e82','doc-98cf6afbbccc1d25','new',NULL,125,0,'{"document_id":"doc-98cf6afbbccc1d25","text":"The weather was pleasant that week.","span":{"start":125,"end":160},"selector":{"exact":"The weather was pleasant that week.","prefix":"grew in 1997 and again in 2003. ","suffix":" Officials met again in March 20"},"kinds":[],"signals":[],"checkworthiness":0.4354,"checkworthy":false}');
INSERT INTO "claims" VALUES(4,'clm-4f41008d8fdc29dc','doc-98cf6afbbccc1d25','new',NULL,161,0,'{"document_id":"doc-98cf6afbbccc1d25","text":"Officials met again in March 2019 to review the agreement.","span":{"start":161,"end":219},"selector":{"exact":"Officials met again in March 2019 to review the agreement.","prefix":"weather was pleasant that week. ","suffix":" The talks were expected to end "},"kinds":["temporal"],"signals":[{"kind":"temporal","span":{"start":184,"end":194},"text":"March 2019","weight":0.6,"value":{"type":"month","month":"2019-03"},"detector":"temporal"}],"checkworthiness":0.3942,"checkworthy":false}');
INSERT INTO "claims" VALUES(5,'clm-198c86deb88d8b0b','doc-fc616b59826124fe','orphaned',NULL,213,0,'{"document_id":"doc-fc616b59826124fe","text":"Nobody expected the talks to last until 2021.","span":{"start":213,"end":258},"selector":{"exact":"Nobody expected the talks to last until 2021.","prefix":"h 2019 to review the agreement. ","suffix":"\n"},"kinds":["temporal"],"signals":[{"kind":"temporal","span":{"start":253,"end":257},"text":"2021","weight":0.5,"value":{"type":"year","year":2021},"detector":"temporal"}],"checkworthiness":0.2998,"checkworthy":false}');
INSERT INTO "claims" VALUES(6,'clm-167fc0c0fc108d88','doc-98cf6afbbccc1d25','new',NULL,220,0,'{"document_id":"doc-98cf6afbbccc1d25","text":"The talks were expected to end by 2021.","span":{"start":220,"end":259},"selector":{"exact":"The talks were expected to end by 2021.","prefix":"h 2019 to review the agreement. ","suffix":"\n"},"kinds":["temporal"],"signals":[{"kind":"temporal","span":{"start":254,"end":258},"text":"2021","weight":0.5,"value":{"type":"year","year":2021},"detector":"temporal"}],"checkworthiness":0.3661,"checkworthy":false}');
CREATE TABLE documents (
            seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, uri TEXT NOT NULL,
            stored TEXT NOT NULL, superseded_by TEXT REFERENCES documents(id),
            record TEXT NOT NULL);
INSERT INTO "documents" VALUES(1,'doc-fc616b59826124fe','a.txt','2026-11-24T01:50:09Z','doc-98cf6afbbccc1d25','{"id":"doc-fc616b59826124fe","uri":"a.txt","media_type":"text/plain","title":null,"author":null,"published":null,"retrieved":"2026-11-24T01:50:09Z","sha256":"fc616b59826124fec580e1012dab3f73cfd43e2624139a94998342844fff8809","text":"The trade agreement was negotiated over three decades ago in Geneva. Exports of steel grew in 1997 and again in 2003. The weather was pleasant that week. Officials met again in March 2019 to review the agreement. Nobody expected the talks to last until 2021.\n","offset_map":[[0,0,259]],"metadata":{"encoding":"utf-8"}}');
INSERT INTO "documents" VALUES(2,'doc-98cf6afbbccc1d25','a.txt','2026-11-24T01:50:11Z',NULL,'{"id":"doc-98cf6afbbccc1d25","uri":"a.txt","media_type":"text/plain","title":null,"author":null,"published":null,"retrieved":"2026-11-24T01:50:11Z","sha256":"98cf6afbbccc1d25a342cacb7ed46d3329286a41476727eb041956cecb688e67","text":"The trade agreement was negotiated over almost three decades ago in Geneva. Exports of steel grew in 1997 and again in 2003. The weather was pleasant that week. Officials met again in March 2019 to review the agreement. The talks were expected to end by 2021.\n","offset_map":[[0,0,260]],"metadata":{"encoding":"utf-8"}}');
CREATE TABLE notes (
            seq INTEGER PRIMARY KEY, claim_seq INTEGER NOT NULL REFERENCES claims(seq),
            record TEXT NOT NULL);
INSERT INTO "notes" VALUES(1,2,'{"text":"Ask the statistics office.","author":"alice","created":"2026-11-24T01:50:10Z"}');
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL);
INSERT INTO "schema_version" VALUES(1,'2026-11-24T01:50:08Z');
CREATE TABLE verdicts (
            seq INTEGER PRIMARY KEY, claim_seq INTEGER NOT NULL REFERENCES claims(seq),
            origin TEXT NOT NULL, record TEXT NOT NULL);
INSERT INTO "verdicts" VALUES(1,2,'reviewer','{"rating":"true","confidence":1.0,"rationale":"Trade statistics agree.","sources":[{"url":"https://example.org/stats","accessed":"2026-11-24T01:50:11Z"}],"origin":{"type":"reviewer","name":"alice"},"created":"2026-11-24T01:50:11Z"}');
CREATE INDEX documents_uri ON documents(uri, superseded_by);
CREATE INDEX claims_status ON claims(status);
CREATE INDEX claims_assignee ON claims(assignee) WHERE assignee IS NOT NULL;
CREATE INDEX claims_document ON claims(document_id, start);
CREATE INDEX claims_reviewed ON claims(reviewed) WHERE reviewed;
CREATE INDEX verdicts_claim ON verdicts(claim_seq);
CREATE INDEX notes_claim ON notes(claim_seq);
CREATE INDEX audit_claim ON audit(claim_seq, seq);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER claims_never_deleted BEFORE DELETE ON claims
            BEGIN SELECT RAISE(ABORT, 'claims are never deleted'); END;
COMMIT;
